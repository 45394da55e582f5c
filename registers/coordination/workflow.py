"""The coordination lifecycles (附件2 三–四), on the house's workflow module.

Issue: 已提报 → 已会商 (the office's 会商意见) → 已列入议题 (on a meeting's agenda) → 已议定 (the minutes
decide it: it becomes ledger items) → 已销号 (every item checked off); 不予协调 (closed without a
decision) from any state before 已议定, and 重新打开 back to 已提报 — both need a reason. Only the HQ
office or the domain's lead unit moves an issue on; its unit edits it while it is 已提报.

Ledger item: 未完成 → 已销号 (needs the evidence, stamps the date) → 未完成 again (needs a reason).
The minutes and the check-offs move the issues they concern (``sync_issues``).
"""

from django.utils import timezone

from registers.coordination.models import CoordinationIssue, IssueStatus, LedgerItem, LedgerStatus
from registers.coordination.scopes import may_coordinate
from registers.core.workflow import EditRule, Transition, Workflow

S = IssueStatus
OFFICE_ONLY = "只有指挥部办公室或本领域牵头单位可以办理协调事项。"
REASON = (("status_reason", "请填写原因说明。"),)


def _edit_rule(state) -> EditRule:
    return EditRule(state, allowed=may_coordinate,
                    error=f"该协调事项已{IssueStatus(state).label.removeprefix('已')}，只能由指挥部办公室或本领域牵头单位修改。")


ISSUE_WORKFLOW = Workflow(
    field="status",
    states=IssueStatus,
    transitions=[
        Transition("issue.consult", (S.RAISED,), S.CONSULTED, "会商", "会商协调事项，提出协调解决意见",
                   allowed=may_coordinate, refusal=OFFICE_ONLY, requires=(("opinion", "请填写会商意见。"),)),
        Transition("issue.schedule", (S.CONSULTED,), S.ON_AGENDA, "列入议题", "将协调事项列入会议议题",
                   allowed=may_coordinate, refusal=OFFICE_ONLY),
        Transition("issue.unschedule", (S.ON_AGENDA,), S.CONSULTED, "移出议题", "将协调事项移出会议议题",
                   allowed=may_coordinate, refusal=OFFICE_ONLY),
        Transition("issue.decide", (S.ON_AGENDA, S.CONSULTED, S.RAISED, S.CHECKED_OFF), S.DECIDED, "议定",
                   "会议议定协调事项（形成督办事项）", allowed=may_coordinate, refusal=OFFICE_ONLY),
        Transition("issue.check_off", (S.DECIDED,), S.CHECKED_OFF, "销号", "协调事项全部议定事项已销号",
                   allowed=may_coordinate, refusal=OFFICE_ONLY),
        Transition("issue.close", (S.RAISED, S.CONSULTED, S.ON_AGENDA), S.CLOSED, "不予协调",
                   "协调事项不予协调（未经会议议定关闭）", allowed=may_coordinate, refusal=OFFICE_ONLY,
                   requires=REASON),
        Transition("issue.reopen", (S.CLOSED,), S.RAISED, "重新打开", "重新打开协调事项",
                   allowed=may_coordinate, refusal=OFFICE_ONLY, requires=REASON),
    ],
    edit_rules=[_edit_rule(state) for state in (S.CONSULTED, S.ON_AGENDA, S.DECIDED, S.CHECKED_OFF, S.CLOSED)],
)


def _stamp_checked_off(item, user, now) -> None:
    if item.checked_off_on is None:
        item.checked_off_on = timezone.localdate(now)


def _stamp_reopened(item, user, now) -> None:
    item.checked_off_on = None


LEDGER_WORKFLOW = Workflow(
    field="status",
    states=LedgerStatus,
    transitions=[
        Transition("ledger.check_off", (LedgerStatus.OPEN,), LedgerStatus.CHECKED_OFF, "销号", "督办事项销号",
                   allowed=may_coordinate, stamp=_stamp_checked_off,
                   refusal="只有指挥部办公室或本领域牵头单位可以销号。",
                   requires=(("evidence", "销号须填写落实情况及佐证（销号依据）。"),)),
        Transition("ledger.reopen", (LedgerStatus.CHECKED_OFF,), LedgerStatus.OPEN, "重新打开",
                   "重新打开已销号的督办事项", allowed=may_coordinate, stamp=_stamp_reopened,
                   refusal="只有指挥部办公室或本领域牵头单位可以重新打开。",
                   requires=(("status_reason", "请填写重新打开的原因。"),)),
    ],
    edit_rules=[EditRule(LedgerStatus.CHECKED_OFF, allowed=may_coordinate,
                         error="该督办事项已销号，只能由指挥部办公室或本领域牵头单位修改。")],
)


def issue_target(statuses: set[str]) -> str:
    """The state an issue's ledger items put it in: 已销号 when every item is, else 已议定."""
    return S.CHECKED_OFF if statuses and statuses <= {LedgerStatus.CHECKED_OFF} else S.DECIDED


def sync_issues(issue_ids, user=None) -> list[CoordinationIssue]:
    """Move the issues the ledger decided or checked off; each move logged. Returns those moved."""
    from wagtail.log_actions import log

    statuses: dict[int, set[str]] = {}
    for issue_id, status in LedgerItem.objects.filter(issue_id__in=issue_ids).values_list("issue_id", "status"):
        statuses.setdefault(issue_id, set()).add(status)
    moved = []
    for issue in CoordinationIssue.objects.filter(pk__in=list(statuses)).exclude(status=S.CLOSED):
        target = issue_target(statuses[issue.pk])
        if issue.status == target:
            continue
        source, issue.status = issue.status, target
        transition = ISSUE_WORKFLOW.find(source, target)
        issue.save(update_fields=["status", "updated_at"])
        if transition is not None:
            log(instance=issue, action=transition.log_action, user=user,
                data={"status": {"old": source, "new": target}})
        moved.append(issue)
    return moved


def schedule(meeting, issues, user=None) -> int:
    """Put consulted issues on ``meeting``'s agenda (the proposed agenda adopted); returns how many."""
    from wagtail.log_actions import log

    added = 0
    transition = ISSUE_WORKFLOW.find(S.CONSULTED, S.ON_AGENDA)
    for issue in issues:
        meeting.issues.add(issue)
        if issue.status == S.CONSULTED:
            issue.status = S.ON_AGENDA
            issue.save(update_fields=["status", "updated_at"])
            log(instance=issue, action=transition.log_action, user=user,
                data={"status": {"old": S.CONSULTED, "new": S.ON_AGENDA}, "meeting": meeting.pk})
        added += 1
    meeting.save()
    return added


def register_log_actions(actions) -> None:
    ISSUE_WORKFLOW.register_log_actions(actions)
    LEDGER_WORKFLOW.register_log_actions(actions)
