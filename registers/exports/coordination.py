"""The coordination sheets: the 协调事项汇总表 (with its 收集批次, importable back) and the 督办台账
(the ledger with 审议次数 and 督办等级 from ``LedgerItemQuerySet.with_escalation``: the one rule)."""

from __future__ import annotations

from registers.core.unit_names import COUNTY
from registers.exports.sheet import Sheet
from registers.sheets.columns import label

ISSUE_FIELDS = ("seq", "code", "name", "unit", "category", "problem", "request", "tier", "raised_on",
                "contact_person", "contact_phone", "round", "status", "opinion")
LEDGER_FIELDS = ("seq", "text", "name", "units", "deadline", "source", "reviews", "status", "escalation",
                 "overdue", "checked_off_on")


def _date(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def issue_sheet(queryset, user, now, year: int | None = None, month: int | None = None) -> Sheet:
    """The issues of ``queryset`` (default: all) in the user's rows; of the rounds in a month if given."""
    from registers.coordination.models import CoordinationIssue

    queryset = CoordinationIssue.objects.all() if queryset is None else queryset
    queryset = queryset.for_user(user) if user is not None else queryset
    if year and month:
        queryset = queryset.of_month(year, month)
    elif year:
        queryset = queryset.filter(round_date__year=year)
    queryset = queryset.select_related("project", "raised_by").order_by("round_date", "raised_on", "pk")
    body = []
    for seq, issue in enumerate(queryset, start=1):
        body.append(("data", [seq, issue.project.code or "", issue.project.name, str(issue.raised_by),
                              issue.category, issue.problem, issue.request, issue.get_proposed_tier_display(),
                              _date(issue.raised_on), issue.contact_person, issue.contact_phone,
                              _date(issue.round_date), issue.get_status_display(), issue.opinion]))
    period = f"（{year}年{month}月）" if year and month else (f"（{year}年）" if year else "")
    return Sheet(
        sheet_title="协调事项", title=f"{COUNTY}重大项目需县级协调解决事项汇总表{period}",
        unit_line=f"导出时间：{now:%Y年%-m月%-d日}", top=[label("issues", f) for f in ISSUE_FIELDS], sub=None,
        body=body, footnotes=["注：各单位于每月3日、18日前报送；收集批次由提报日期确定。"],
    )


def ledger_sheet(queryset, user, now) -> Sheet:
    """The 督办台账 of ``queryset`` (default: every item) in the user's rows."""
    from registers.coordination.models import Escalation, LedgerItem

    queryset = LedgerItem.objects.all() if queryset is None else queryset
    queryset = queryset.for_user(user) if user is not None else queryset
    if "escalation" not in queryset.query.annotations:
        queryset = queryset.with_escalation()
    queryset = (queryset.select_related("minutes__meeting", "project").prefetch_related("responsible_units")
                .order_by("minutes__meeting__starts_at", "sort_order", "pk"))
    body = []
    for seq, item in enumerate(queryset, start=1):
        minutes = item.minutes
        body.append(("data", [seq, item.text, item.project.name if item.project_id else "",
                              "、".join(str(u) for u in item.responsible_units.all()), _date(item.deadline),
                              f"{minutes.meeting.get_tier_display()}{minutes.number}", item.review_count,
                              item.get_status_display(), Escalation(item.escalation).label,
                              "是" if item.overdue else "", _date(item.checked_off_on)]))
    return Sheet(
        sheet_title="督办台账", title=f"{COUNTY}重大项目综合协调议定事项督办台账",
        unit_line=f"截至：{now:%Y年%-m月%-d日}", top=[label("ledger", f) for f in LEDGER_FIELDS], sub=None,
        body=body,
        footnotes=["注：议定事项在下一次会议仍未落实的，责任单位说明原因；经过两次会议仍未落实的，予以通报批评。"],
    )
