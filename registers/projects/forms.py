"""Admin forms of the registers: every project field offers only the user's projects (a posted id
outside the scope is a form error), a project cannot be edited out of the user's scope, and
monthly progress carries the status rule (draft → submitted → verified, verified only by the
domain's lead unit or the HQ office) and records who reported and who verified, and when."""

from django import forms
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images.permissions import permission_policy as image_permission_policy

from registers.core.periods import reporting_period
from registers.models import MonthlyProgress, ProgressStatus
from registers.projects.scopes import images_for, project_in_scope
from registers.projects.workflow import PROGRESS_WORKFLOW


class ScopedProjectsForm(WagtailAdminModelForm):
    """Limits every choice field (foreign key or many-to-many) of a register — projects, issues,
    meetings: any model whose queryset has ``for_user`` — to the user's rows, in the form and in
    its inline child forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self.fields, self.for_user)
        for formset in getattr(self, "formsets", {}).values():  # before its forms are built
            formset.form = type(formset.form.__name__, (ScopedChildForm, formset.form), {})
            formset.form_kwargs = {**formset.form_kwargs, "for_user": self.for_user}


class ScopedChildForm:
    """An inline child form (a decided item of the minutes) limited as its parent form is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self.fields, kwargs.get("for_user"))


def limit_choices(fields, user) -> None:
    for field in fields.values():
        if isinstance(field, forms.ModelChoiceField) and hasattr(field.queryset, "for_user"):
            field.queryset = field.queryset.for_user(user) if user else field.queryset.none()


class ProjectForm(ScopedProjectsForm):
    def _post_clean(self):
        super()._post_clean()  # the instance now carries the posted values
        user = self.for_user
        if "townships" in self.cleaned_data:  # the posted townships, before the m2m is saved
            self.instance.pending_township_ids = {unit.pk for unit in self.cleaned_data["townships"]}
        if user is not None and not self.errors and not project_in_scope(user, self.instance):
            self.add_error(
                None,
                "保存后该项目将超出您的数据范围（领域、责任单位、业主单位或所在乡镇须属于本单位），请核对后再保存。",
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
        self._limit_status_choices()
        user = self.for_user
        photos = self.formsets.get("photos") if hasattr(self, "formsets") else None
        if user is not None and photos is not None:
            # Only images the user may choose (or uploaded themselves) and may see (the image
            # chooser's scope, ``scopes.images_for``) can be attached.
            images = images_for(
                user, image_permission_policy.instances_user_has_any_permission_for(user, ["choose", "change"])
            )
            for form in photos.forms:
                # The row's own image stays valid whoever uploaded it (re-saving a month never
                # fails on a colleague's photo); only a new choice must be in scope.
                kept = form.instance.image_id if form.instance.pk else None
                form.fields["image"].queryset = (
                    images | images.model.objects.filter(pk=kept) if kept else images
                )

    def _period_value(self, name):
        value = self.data.get(self.add_prefix(name)) if self.is_bound else None
        value = value or self.initial.get(name) or getattr(self.instance, name, None)
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    class Media:
        js = ["registers/progress_form.js"]  # plan, previous cumulative and the month's amount, live

    def _add_previous_figure_help(self):
        """The project's last year-to-date figure before this month, as help beside the field:
        the figure must not fall below it (year-to-date never decreases)."""
        field = self.fields.get("completed_ytd")
        project_field = self.fields.get("project")
        if field is None or project_field is None:
            return
        field.widget.attrs["data-progress-context-url"] = reverse("registers_progress_context")
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

    def _limit_status_choices(self):
        """Offer only the states the user may leave the month in (a reporter is not shown 已审核);
        a state posted outside them is refused in ``clean`` with the workflow's reason."""
        field = self.fields.get("status")
        user = self.for_user
        if field is None or user is None:
            return
        allowed = PROGRESS_WORKFLOW.targets_for(user, self.instance, self._original_status)
        field.widget.choices = [c for c in field.choices if c[0] in allowed]

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        project = cleaned.get("project") or (self.instance.project if self.instance.project_id else None)
        if user is None or project is None:
            return cleaned
        self.instance.project = project
        error, _reset = PROGRESS_WORKFLOW.edit_outcome(user, self.instance, self._original_status, changed=True)
        if error:
            raise forms.ValidationError(error)
        status = cleaned.get("status")
        if status and (error := PROGRESS_WORKFLOW.move_error(user, self.instance, self._original_status, status)):
            self.add_error("status", error)
        return cleaned

    def save(self, commit=True):
        instance = self.instance
        user = self.for_user
        if user is not None and user.is_authenticated:
            if instance.status != ProgressStatus.VERIFIED:
                instance.reporter = user
            if not instance.reporter_name:
                instance.reporter_name = user.get_full_name() or user.get_username()
        self.transition = PROGRESS_WORKFLOW.apply(instance, user, self._original_status, timezone.now())
        return super().save(commit=commit)
