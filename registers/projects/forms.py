"""Admin forms of the registers: every project field offers only the user's projects (a posted id
outside the scope is a form error), a project cannot be edited out of the user's scope, and
monthly progress carries the status rule (draft → submitted → verified, verified only by the
domain's lead unit or the HQ office) and records who reported and who verified, and when."""

from django import forms
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images.permissions import permission_policy as image_permission_policy

from registers.core.periods import reporting_period
from registers.core.scopes import can_verify, project_in_scope, projects_for
from registers.models import MonthlyProgress, ProgressStatus, Project
from registers.projects.rules import verified_change


class ScopedProjectsForm(WagtailAdminModelForm):
    """Limits every Project choice field (foreign key or many-to-many) to the user's projects."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Project:
                field.queryset = projects_for(user, field.queryset) if user else field.queryset.none()


class ProjectForm(ScopedProjectsForm):
    def _post_clean(self):
        super()._post_clean()  # the instance now carries the posted values
        user = self.for_user
        if user is not None and not self.errors and not project_in_scope(user, self.instance):
            self.add_error(
                None, "保存后该项目将超出您的数据范围（领域、责任单位或业主单位须属于本单位），请核对后再保存。"
            )


class MonthlyProgressForm(ScopedProjectsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._original_status = self.instance.status if self.instance.pk else None
        if self.instance.pk is None:
            # A new month is most likely the one due now.
            year, month = reporting_period()
            if not self.initial.get("year"):
                self.initial["year"] = year
            if not self.initial.get("month"):
                self.initial["month"] = month
        self._add_previous_figure_help()
        user = self.for_user
        photos = self.formsets.get("photos") if hasattr(self, "formsets") else None
        if user is not None and photos is not None:
            # Only images the user may choose (or uploaded themselves) and may see (the image
            # chooser's scope, ``scopes.images_for``) can be attached.
            from registers.core.scopes import images_for

            images = images_for(
                user, image_permission_policy.instances_user_has_any_permission_for(user, ["choose", "change"])
            )
            for form in photos.forms:
                form.fields["image"].queryset = images

    def _period_value(self, name):
        value = self.data.get(self.add_prefix(name)) if self.is_bound else None
        value = value or self.initial.get(name) or getattr(self.instance, name, None)
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def _add_previous_figure_help(self):
        """The project's last year-to-date figure before this month, as help beside the field:
        the figure must not fall below it (year-to-date never decreases)."""
        field = self.fields.get("completed_ytd")
        project_field = self.fields.get("project")
        if field is None or project_field is None:
            return
        project_id = self.instance.project_id
        if self.is_bound:
            project_id = self.data.get(self.add_prefix("project")) or project_id
        year, month = self._period_value("year"), self._period_value("month")
        if not project_id or not year or not month:
            return
        try:
            # Only a project the user may choose: the help must not leak another unit's figures.
            project = project_field.queryset.filter(pk=project_id).first()
        except (TypeError, ValueError, forms.ValidationError):
            project = None
        if project is None:
            return
        previous = (
            MonthlyProgress.objects.filter(project=project, year=year, month__lt=month)
            .exclude(pk=self.instance.pk).order_by("-month").first()
        )
        if previous is None:
            field.help_text = f"该项目{year}年此前无填报记录。"
        else:
            field.help_text = (
                f"上次填报：{previous.year}年{previous.month}月累计完成 {previous.completed_ytd} 万元"
                f"（{previous.get_status_display()}），本月累计数不能低于此数。"
            )

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        project = cleaned.get("project") or (self.instance.project if self.instance.project_id else None)
        if user is None or project is None:
            return cleaned
        verifier = can_verify(user, project)
        status = cleaned.get("status")
        if error := verified_change(verified=self._original_status == ProgressStatus.VERIFIED, changed=True,
                                    may_verify=verifier)[0]:
            raise forms.ValidationError(error)
        if status == ProgressStatus.VERIFIED and self._original_status != ProgressStatus.VERIFIED and not verifier:
            self.add_error("status", "只有本领域牵头单位或指挥部办公室可以将进展设为“已审核”。")
        return cleaned

    def save(self, commit=True):
        instance = self.instance
        user = self.for_user
        now = timezone.now()
        if user is not None and user.is_authenticated:
            if instance.status != ProgressStatus.VERIFIED or instance.reporter_id is None:
                if instance.status != ProgressStatus.VERIFIED:
                    instance.reporter = user
                if not instance.reporter_name:
                    instance.reporter_name = user.get_full_name() or user.get_username()
            if instance.status == ProgressStatus.VERIFIED and self._original_status != ProgressStatus.VERIFIED:
                instance.verified_by = user
                instance.verified_at = now
        if instance.status in (ProgressStatus.SUBMITTED, ProgressStatus.VERIFIED) and (
            instance.submitted_at is None or self._original_status == ProgressStatus.DRAFT
        ):
            instance.submitted_at = now
        if instance.status != ProgressStatus.VERIFIED:
            instance.verified_by = None
            instance.verified_at = None
        return super().save(commit=commit)
