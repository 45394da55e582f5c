"""Admin forms of the coordination registers: choices limited to the user's rows, the workflows'
moves (``registers.coordination.workflow``), a unit raising issues for itself, a lead unit holding
only its own domains' group meetings."""

from django.utils import timezone

from registers.coordination.models import MeetingState, MeetingTier
from registers.coordination.scopes import leads_domain
from registers.coordination.workflow import ISSUE_WORKFLOW, LEDGER_WORKFLOW
from registers.core.scopes import sees_everything, user_unit_id
from registers.core.workflow_form import WorkflowFormMixin
from registers.projects.forms import ScopedProjectsForm


class IssueForm(WorkflowFormMixin, ScopedProjectsForm):
    workflow = ISSUE_WORKFLOW

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        unit_id = user_unit_id(user) if user is not None else None
        if self.instance.pk is None:
            self.initial.setdefault("raised_on", timezone.localdate())
            if unit_id:
                self.initial.setdefault("raised_by", unit_id)
        field = self.fields.get("raised_by")
        if field is not None and user is not None and not sees_everything(user):
            # A unit raises in its own name (a lead unit also for its domain's units).
            own = field.queryset.filter(pk=unit_id) if unit_id else field.queryset.none()
            if self.instance.pk and self.instance.raised_by_id:
                own = own | field.queryset.filter(pk=self.instance.raised_by_id)
            field.queryset = own


class MeetingForm(ScopedProjectsForm):
    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        tier, domain = cleaned.get("tier"), cleaned.get("domain")
        if user is None or sees_everything(user):
            return cleaned
        if tier != MeetingTier.GROUP:
            self.add_error("tier", "只有指挥部办公室可以安排调度推进会和部门联席会；"
                                   "领域牵头单位可安排本领域领导小组会。")
        elif domain is not None and not leads_domain(user, domain.pk):
            self.add_error("domain", f"您不是“{domain}”的牵头单位，不能安排该领域的领导小组会。")
        return cleaned


class MinutesForm(ScopedProjectsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            today = timezone.localdate()
            self.initial.setdefault("issued_on", today)
            self.initial.setdefault("year", today.year)

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        if meeting is not None and meeting.state == MeetingState.CANCELLED:
            self.add_error("meeting", f"会议“{meeting}”已取消，不能印发纪要。")
        return cleaned


class LedgerItemForm(WorkflowFormMixin, ScopedProjectsForm):
    workflow = LEDGER_WORKFLOW

