from django.db import models


class MeetingTier(models.TextChoices):
    """附件2 一: the three tiers of coordination meetings."""

    DISPATCH = "dispatch", "调度推进会"  # quarterly, chaired by the commander or executive deputy
    GROUP = "group", "领导小组会"  # monthly, per domain, chaired by its group leader
    JOINT = "joint", "部门联席会"  # monthly, organised by the HQ office


class IssueStatus(models.TextChoices):
    RAISED = "raised", "已提报"
    CONSULTED = "consulted", "已会商"
    ON_AGENDA = "on_agenda", "已列入议题"
    DECIDED = "decided", "已议定"
    CHECKED_OFF = "checked_off", "已销号"
    CLOSED = "closed", "不予协调"


class MeetingState(models.TextChoices):
    PLANNED = "planned", "计划召开"
    HELD = "held", "已召开"
    MINUTES_ISSUED = "minutes_issued", "纪要已印发"
    CANCELLED = "cancelled", "已取消"


# A meeting that took place: it decided, and it reviewed the open items of its tier.
HELD_STATES = (MeetingState.HELD, MeetingState.MINUTES_ISSUED)


class LedgerStatus(models.TextChoices):
    OPEN = "open", "未完成"
    CHECKED_OFF = "checked_off", "已销号"


class Escalation(models.TextChoices):
    """附件2 四(三): open after one later meeting → the unit explains; after two → criticism."""

    NONE = "", "—"
    EXPLAIN = "explain", "说明原因"
    CRITICISM = "criticism", "通报批评"
