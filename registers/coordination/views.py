"""Admin views of the coordination registers: listings with their bureau sheets, the saves that
move issues on (agenda, minutes, check-offs), the proposed agenda, and the minutes PDF."""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from registers.coordination.agenda import proposed_agenda
from registers.coordination.models import (
    CoordinationIssue,
    Escalation,
    IssueStatus,
    LedgerItem,
    Meeting,
    MeetingState,
    Minutes,
)
from registers.coordination.scopes import may_coordinate
from registers.coordination.workflow import schedule, sync_issues
from registers.core.periods import period_from
from registers.core.views import NoAutosaveMixin, ScopedCreateView, ScopedIndexView, StatusLogMixin, scoped
from registers.projects.views import SheetExportMixin, SheetExportView

# --- listings -----------------------------------------------------------------------------------


class IssueIndexView(SheetExportMixin, ScopedIndexView):
    sheet_export_label = "协调事项汇总表"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("project", "raised_by")


class IssueSheetExportView(SheetExportView, IssueIndexView):
    sheet_kind = "issues"

    def sheet_rows(self):
        params = self.request.GET
        year, month = (period_from(params) if params.get("year") and params.get("month") else (None, None))
        return self.get_queryset(), year, month

    def sheet_filename(self, year, month) -> str:
        return f"协调事项汇总表-{year}年{month}月" if year else "协调事项汇总表"


class LedgerIndexView(SheetExportMixin, ScopedIndexView):
    sheet_export_label = "督办台账"

    def get_base_queryset(self):
        return (super().get_base_queryset().with_escalation()
                .select_related("minutes__meeting", "project").prefetch_related("responsible_units"))


class LedgerSheetExportView(SheetExportView, LedgerIndexView):
    sheet_kind = "ledger"

    def sheet_rows(self):
        return self.get_queryset(), None, None

    def sheet_filename(self, year, month) -> str:
        return f"督办台账-{timezone.localdate():%Y%m%d}"


class EscalationColumn(Column):
    cell_template_name = "registers/coordination/escalation_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["level"] = context["raw_value"] or "none"
        context["label"] = Escalation(context["raw_value"] or "").label
        context["overdue"] = getattr(instance, "overdue", False)
        return context


class MinutesPdfColumn(Column):
    cell_template_name = "registers/coordination/pdf_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse(Minutes.snippet_viewset.get_url_name("pdf"), args=[instance.pk])
        return context


class MeetingIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("domain")


# --- saves that move issues on ------------------------------------------------------------------


class MeetingSaveMixin:
    """Issues put on the agenda in the form move from 已会商 to 已列入议题."""

    def save_instance(self):
        instance = super().save_instance()
        consulted = list(instance.issues.filter(status=IssueStatus.CONSULTED))
        if consulted:
            schedule(instance, consulted, self.request.user)
        return instance


class MinutesSaveMixin:
    """Issuing the minutes: the meeting reads 纪要已印发, each decided item takes its issue's project,
    and the issues it decides move to 已议定."""

    def save_instance(self):
        instance = super().save_instance()
        meeting = instance.meeting
        if meeting.state != MeetingState.MINUTES_ISSUED:
            meeting.state = MeetingState.MINUTES_ISSUED
            meeting.save()
        items = list(instance.items.select_related("issue"))
        for item in items:
            if item.issue_id and not item.project_id:
                item.project_id = item.issue.project_id
                item.save(update_fields=["project"])
        sync_issues({item.issue_id for item in items if item.issue_id}, self.request.user)
        return instance


class LedgerSaveMixin:
    def save_instance(self):
        instance = super().save_instance()
        if instance.issue_id:
            sync_issues({instance.issue_id}, self.request.user)
        return instance


IssueCreateView = type("IssueCreateView", (StatusLogMixin, ScopedCreateView), {})
IssueEditView = scoped(snippet_views.EditView, StatusLogMixin, NoAutosaveMixin)
MeetingCreateView = type("MeetingCreateView", (MeetingSaveMixin, ScopedCreateView), {})
class MinutesDraftMixin:
    """起草会议纪要 from a meeting (``?meeting=<pk>``): the meeting, the next number of its tier this
    year, and who attended, filled in."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        meeting_id = self.request.GET.get("meeting", "")
        meetings = Meeting.objects.for_user(self.request.user)
        meeting = meetings.filter(pk=meeting_id).first() if meeting_id.isdigit() else None
        if meeting is None:
            return instance
        instance = instance or Minutes()
        year = timezone.localtime(meeting.starts_at).year
        taken = Minutes.objects.filter(year=year, meeting__tier=meeting.tier, meeting__domain_id=meeting.domain_id)
        instance.meeting, instance.year = meeting, year
        instance.serial = max(taken.values_list("serial", flat=True), default=0) + 1
        instance.present = "、".join(filter(None, [meeting.chair, meeting.attendees]))
        instance.attending = meeting.observers
        return instance


MinutesCreateView = type("MinutesCreateView", (MinutesDraftMixin, MinutesSaveMixin, ScopedCreateView), {})
MinutesEditView = scoped(snippet_views.EditView, MinutesSaveMixin, NoAutosaveMixin)
LedgerCreateView = type("LedgerCreateView", (LedgerSaveMixin, StatusLogMixin, ScopedCreateView), {})
LedgerEditView = scoped(snippet_views.EditView, LedgerSaveMixin, StatusLogMixin, NoAutosaveMixin)


class MeetingEditWithAgenda:
    """The meeting's edit page links its proposed agenda."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object and self.object.pk:
            url_name = Meeting.snippet_viewset.get_url_name("agenda")
            buttons.append(HeaderButton("建议议题", url=reverse(url_name, args=[self.object.pk]), icon_name="list-ul"))
        return buttons


MeetingEditView = scoped(snippet_views.EditView, MeetingEditWithAgenda, MeetingSaveMixin, NoAutosaveMixin)


# --- the proposed agenda and the minutes PDF ----------------------------------------------------


def agenda_view(request, pk):
    """GET: the proposed agenda; POST: put the chosen consulted issues on the meeting's agenda."""
    meeting = get_object_or_404(Meeting.objects.for_user(request.user).select_related("domain"), pk=pk)
    agenda = proposed_agenda(meeting, request.user)
    may_schedule = may_coordinate(request.user, meeting) and request.user.has_perm("registers.change_meeting")
    if request.method == "POST":
        if not may_schedule:
            raise Http404("只有指挥部办公室或本领域牵头单位可以安排议题。")
        chosen = {str(pk) for pk in request.POST.getlist("issue")}
        picked = [issue for issue in agenda.issues if str(issue.pk) in chosen]
        if not picked:
            messages.error(request, "请至少选择一项协调事项。")
        else:
            schedule(meeting, picked, request.user)
            messages.success(request, f"已将{len(picked)}项协调事项列入“{meeting}”的议题。")
        return redirect(Meeting.snippet_viewset.get_url_name("agenda"), meeting.pk)
    return TemplateResponse(request, "registers/coordination/agenda.html", {
        "agenda": agenda, "meeting": meeting, "may_schedule": may_schedule, "header_title": f"建议议题：{meeting}",
        "edit_url_name": Meeting.snippet_viewset.get_url_name("edit"),
        "issue_url_name": CoordinationIssue.snippet_viewset.get_url_name("edit"),
        "ledger_url_name": LedgerItem.snippet_viewset.get_url_name("edit"),
        "minutes_add_url": f"{reverse(Minutes.snippet_viewset.get_url_name('add'))}?meeting={meeting.pk}",
        "minutes_pdf_url": (reverse(Minutes.snippet_viewset.get_url_name("pdf"), args=[meeting.minutes.pk])
                            if hasattr(meeting, "minutes") else ""),
    })


def minutes_pdf_view(request, pk):
    from tasks.minutes import minutes_pdf

    minutes = get_object_or_404(Minutes.objects.for_user(request.user), pk=pk)
    content = minutes_pdf(minutes)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{minutes.mark}{minutes.number}.pdf"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response
