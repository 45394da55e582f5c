"""The monthly progress workflow: draft (草稿) → submitted (已报送) → verified (已审核).

* 报送 (submit): a draft is submitted by whoever may edit it (its unit); stamps ``submitted_at``.
* 审核 (verify): a draft or submitted month is verified by the domain's lead unit or the HQ office
  (``scopes.can_verify``); stamps who and when.
* 撤回 (withdraw): a submitted month goes back to draft, by whoever may edit it.
* 退回 (reopen): a verified month goes back to submitted, by a verifier; clears who verified it.
* An edit of a verified month: only by a verifier, and the month is submitted again.

The admin form, the importer, the listing's history and the bulk actions all read this.
"""

from registers.core.scopes import sees_everything
from registers.core.workflow import EditRule, Transition, Workflow
from registers.projects.models.choices import ProgressStatus
from registers.projects.scopes import can_verify

VERIFIED_CHANGE_ERROR = "该月进展已审核，只能由本领域牵头单位或指挥部办公室修改。"


def may_verify(user, progress) -> bool:
    """A verifier of the month's project; before a project is chosen, only the HQ office."""
    if user is None:
        return True
    if not progress.project_id:
        return sees_everything(user)
    return can_verify(user, progress.project)


def _stamp_submitted(progress, user, now) -> None:
    progress.submitted_at = now
    progress.verified_by = None
    progress.verified_at = None


def _stamp_verified(progress, user, now) -> None:
    progress.verified_by = user
    progress.verified_at = now
    if progress.submitted_at is None:
        progress.submitted_at = now


def _stamp_withdrawn(progress, user, now) -> None:
    progress.verified_by = None
    progress.verified_at = None


PROGRESS_WORKFLOW = Workflow(
    field="status",
    states=ProgressStatus,
    transitions=[
        Transition("progress.submit", (ProgressStatus.DRAFT,), ProgressStatus.SUBMITTED, "报送", "报送月度进展",
                   stamp=_stamp_submitted),
        Transition("progress.verify", (ProgressStatus.DRAFT, ProgressStatus.SUBMITTED), ProgressStatus.VERIFIED,
                   "审核", "审核通过月度进展", allowed=may_verify, stamp=_stamp_verified,
                   refusal="只有本领域牵头单位或指挥部办公室可以将进展设为“已审核”。"),
        Transition("progress.withdraw", (ProgressStatus.SUBMITTED,), ProgressStatus.DRAFT, "撤回",
                   "撤回已报送的月度进展", stamp=_stamp_withdrawn),
        Transition("progress.reopen", (ProgressStatus.VERIFIED,), ProgressStatus.SUBMITTED, "退回",
                   "退回已审核的月度进展", allowed=may_verify, stamp=_stamp_withdrawn,
                   refusal=VERIFIED_CHANGE_ERROR),
    ],
    edit_rules=[
        EditRule(ProgressStatus.VERIFIED, allowed=may_verify, error=VERIFIED_CHANGE_ERROR,
                 reset_to=ProgressStatus.SUBMITTED, reset={"verified_by_id": None, "verified_at": None}),
    ],
)
