"""The 履职达标情况 export (附件3 第八条, 附件4): sheet 县领导 — one row per one-to-one assignment and
per 包干 assignment — and sheet 对接专员, with the figures of ``with_compliance`` (the one definition,
``registers.duties.queries``) for a year, quarter or month. A fixed number of queries (annotations,
``select_related``, one ``prefetch_related``) whatever the number of assignments and activities."""

from __future__ import annotations

from registers.core.unit_names import COUNTY
from registers.duties.queries import Period
from registers.exports.sheet import Sheet
from registers.sheets.columns import label

LEADER_FIELDS = ("seq", "leader", "post", "target", "report_months", "site_visits", "meeting_months", "met")
COMMISSIONER_FIELDS = ("seq", "commissioner", "unit", "projects", "call_weeks", "visit_months", "met")


def _yes(value) -> str:
    return "是" if value else "否"


def leader_sheet(period: Period, user, now, queryset=None) -> Sheet:
    from registers.duties.models import AssignmentKind, LeaderAssignment

    queryset = LeaderAssignment.objects.all() if queryset is None else queryset
    queryset = queryset.for_user(user) if user is not None else queryset
    queryset = (queryset.filter(year=period.year).with_compliance(period)
                .select_related("leader", "project", "domain")
                .order_by("-kind", "leader__sort_order", "leader_id", "pk"))  # 一对一, then 包干
    body = []
    for seq, a in enumerate(queryset, start=1):
        one = a.kind == AssignmentKind.ONE_TO_ONE
        body.append(("data", [seq, a.leader.name, a.leader.post, a.target,
                              a.report_months if one else None, a.site_visits if one else None,
                              None if one else a.meeting_months, _yes(a.met)]))
    return Sheet(
        sheet_title="县领导", title=f"{COUNTY}县领导挂点联系重大项目履职情况（{period.label()}）",
        unit_line=f"导出时间：{now:%Y年%-m月%-d日}", top=[label("compliance", f) for f in LEADER_FIELDS], sub=None,
        body=body,
        footnotes=["注：一对一挂点每月至少听取1次汇报、每季度至少现场调研1次；包干挂点每月至少召开1次协调会"
                   "（含本领域领导小组会）。挂点起始前、截止后的月份不计。"],
    )


def commissioner_sheet(period: Period, user, now, queryset=None) -> Sheet:
    from registers.duties.models import LiaisonCommissioner

    queryset = LiaisonCommissioner.objects.all() if queryset is None else queryset
    queryset = queryset.for_user(user) if user is not None else queryset
    queryset = (queryset.filter(year=period.year).with_compliance(period).select_related("unit")
                .prefetch_related("projects").order_by("unit__sort_order", "name", "pk"))
    body = []
    for seq, c in enumerate(queryset, start=1):
        names = "、".join(p.name for p in sorted(c.projects.all(), key=lambda p: p.pk))
        body.append(("data", [seq, c.name, str(c.unit), names, c.call_weeks, c.visit_months, _yes(c.met)]))
    return Sheet(
        sheet_title="对接专员", title=f"{COUNTY}对接专员履职情况（{period.label()}）",
        unit_line=f"导出时间：{now:%Y年%-m月%-d日}",
        top=[label("compliance_commissioners", f) for f in COMMISSIONER_FIELDS], sub=None, body=body,
        footnotes=["注：对接专员每周至少电话联络1次、每月至少现场走访1次（一周按其星期四所在月份计）。"],
    )


def compliance_sheets(user, now, year: int, quarter: int | None = None, month: int | None = None) -> list[Sheet]:
    period = Period.of(year, quarter=quarter, month=month)
    return [leader_sheet(period, user, now), commissioner_sheet(period, user, now)]
