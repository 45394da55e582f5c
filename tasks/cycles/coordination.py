"""The coordination cycles (附件2, DESIGN §5): the reminder before each collection round (1st and
16th: issues due by the 3rd / 18th), the proposed agenda of the next meetings after it (4th and 19th,
``agenda.proposed_agenda``), and the monthly ledger escalation (说明原因 after one review, 通报批评
after two, ``LedgerItemQuerySet.with_escalation``). Everything is read from the coordination registers."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count
from django.utils import timezone

from registers.coordination.agenda import proposed_agenda
from registers.models import (
    CoordinationIssue,
    Escalation,
    IssueStatus,
    LedgerItem,
    Meeting,
    MeetingState,
    MeetingTier,
    Project,
)
from tasks import periods
from tasks.document import chunked, frame_context, html_rows
from tasks.minutes import chinese_date
from tasks.pdf import cjk_html

from .base import Cycle, Document, Schedule
from .projects import unit_name

NUMERALS = "一二三四五六七八九十"
ISSUE_FIELDS = ("project", "unit", "category", "problem", "request", "opinion", "tier", "status")
ITEM_FIELDS = ("text", "project", "meeting", "units", "deadline", "level")
TIER_ORDER = (MeetingTier.DISPATCH, MeetingTier.GROUP, MeetingTier.JOINT)
LEVELS = ((Escalation.CRITICISM, "经两次及以上同层级会议审议仍未销号"),
          (Escalation.EXPLAIN, "经一次同层级会议审议仍未销号"))


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (headings 一、二、…)."""
    tens, ones = divmod(n, 10)
    return "" if n <= 0 else (NUMERALS[n - 1] if n <= 10 else (NUMERALS[tens - 1] if tens > 1 else "") + "十"
                              + (NUMERALS[ones - 1] if ones else ""))


def short_date(day) -> str:
    return f"{day.month}月{day.day}日" if day else "—"


def issue_rows(issues) -> list[dict]:
    rows = [{"number": number, "project": issue.project.name, "unit": unit_name(issue.raised_by),
             "category": issue.category or "—", "problem": issue.problem, "request": issue.request or "—",
             "opinion": issue.opinion or "—", "tier": issue.get_proposed_tier_display(),
             "status": issue.get_status_display(), "raised_on": short_date(issue.raised_on),
             "round": short_date(issue.round_date)}
            for number, issue in enumerate(issues, start=1)]
    return html_rows(rows, ISSUE_FIELDS)


def meeting_label(meeting) -> str:
    return f"{meeting.title}（{short_date(timezone.localtime(meeting.starts_at))}）"


def item_rows(items) -> list[dict]:
    """Ledger items read ``with_escalation``, their meeting and units prefetched."""
    rows = [{"number": number, "text": item.text, "project": item.project.name if item.project_id else "—",
             "meeting": meeting_label(item.minutes.meeting),
             "units": "、".join(unit_name(u) for u in item.responsible_units.all()) or "—",
             "deadline": (chinese_date(item.deadline) or "—") + ("（已逾期）" if item.overdue else ""),
             "reviews": item.review_count, "level": item.escalation_label}
            for number, item in enumerate(items, start=1)]
    return html_rows(rows, ITEM_FIELDS)


class CollectionReminder(Cycle):
    kind = "collection_reminder"
    period_type = periods.ROUND
    schedule = Schedule("1,16", 9)
    template = "tasks/reports/collection_reminder.html"
    numbered = False
    wording = {
        "title": "关于报送重大项目需县级协调解决问题的提醒（{期间}）",
        "addressee": "各乡（镇）人民政府，县直各有关部门（单位）",
        "preface": ("根据“项目大会战”协调调度机制，项目推进中需县级层面协调解决的问题每月分两批集中收集"
                    "（每月3日、18日）。"
                    "请各责任单位认真梳理本单位负责项目存在的困难和问题，于{截止日期}前在重大项目管理平台“协调事项”中报送；"
                    "逾期报送的，纳入下一批次协调。"),
        "closing": ("报送的问题应写明存在问题、需协调解决事项、建议协调层级及联系人、联系电话；"
                    "已报送的问题如已自行解决，请及时告知指挥部办公室。"),
        "copied_to": "县“项目大会战”指挥部领导",
    }

    def period_for(self, day):
        return periods.next_round(day)

    def issue_date(self, period):
        """The scheduled day before the round (the 1st for the 3rd, the 16th for the 18th)."""
        days = (period.round_date - datetime.timedelta(days=n) for n in range(20, -1, -1))
        wanted = self.current_schedule().days.split(",")
        return next((d for d in days if str(d.day) in wanted and self.period_for(d) == period), period.round_date)

    def preview_period(self, today):
        return self.latest_period(today)

    def build(self, run, wording, period):
        round_day = period.round_date
        issues = list(CoordinationIssue.objects.filter(round_date=round_day).select_related("project", "raised_by")
                      .order_by("raised_by__sort_order", "raised_by__name", "raised_on", "pk"))
        units = Counter(unit_name(issue.raised_by) for issue in issues)  # in the order of the listing
        context = frame_context(run, wording, {"期间": period.label(), "截止日期": chinese_date(round_day),
                                               "批次": short_date(round_day), "已收集": len(issues)})
        summary = (f"{short_date(round_day)}批次已收集需县级协调解决的问题{len(issues)}个，涉及{len(units)}个单位："
                   + "、".join(f"{name}{n}个" for name, n in units.items()) + "。"
                   if units else f"{short_date(round_day)}批次暂无单位报送需县级协调解决的问题。")
        context.update({"summary_html": cjk_html(summary), "issues": chunked(issue_rows(issues)),
                        "issue_count": len(issues), "round_label": short_date(round_day)})
        recipients = (Project.objects.in_year(round_day.year).order_by()
                      .values_list("responsible_unit_id", flat=True).distinct())
        tiers = {label: sum(1 for i in issues if i.proposed_tier == value) for value, label in MeetingTier.choices}
        return Document(self.template, context, figures={
            "period": period.key, "round": round_day.isoformat(), "collected": len(issues),
            "units_reporting": len(units), "by_tier": tiers,
        }, units=sorted(u for u in set(recipients) if u), summary=summary)


def next_meetings(round_day: datetime.date) -> list:
    """The first meeting (not cancelled) after ``round_day`` of each tier, of each domain for a 领导小组会."""
    upcoming = (Meeting.objects.exclude(state=MeetingState.CANCELLED).filter(starts_at__date__gt=round_day)
                .select_related("domain").order_by("starts_at", "pk"))
    chosen: dict[tuple, Meeting] = {}
    for meeting in upcoming:
        chosen.setdefault((meeting.tier, meeting.domain_id if meeting.tier == MeetingTier.GROUP else None), meeting)
    return list(chosen.values())


def waiting_issues(round_day: datetime.date, meetings: list) -> list[dict]:
    """Per tier without a next meeting (a 领导小组会: the domains without one), the round's issues
    collected or consulted for it."""
    issues = (CoordinationIssue.objects.filter(round_date=round_day, status__in=[IssueStatus.RAISED,
                                                                                  IssueStatus.CONSULTED])
              .select_related("project", "raised_by").order_by("project__domain__sort_order", "raised_on", "pk"))
    covered = {m.tier for m in meetings if m.tier != MeetingTier.GROUP}
    domains = [m.domain_id for m in meetings if m.tier == MeetingTier.GROUP]
    groups = []
    for tier in TIER_ORDER:
        if tier in covered:
            continue
        rows = issues.filter(proposed_tier=tier)
        if tier == MeetingTier.GROUP:
            rows = rows.exclude(project__domain_id__in=domains)
        rows = list(rows)
        if rows:
            groups.append({"tier": tier, "label_html": cjk_html(MeetingTier(tier).label), "issues": rows})
    return groups


def agenda_section(number: int, agenda) -> dict:
    meeting = agenda.meeting
    starts = timezone.localtime(meeting.starts_at)
    tier = meeting.get_tier_display() + (f"（{meeting.domain.name}）" if meeting.domain_id else "")
    info = (f"会议时间：{chinese_date(starts)} {starts:%H:%M}；地点：{meeting.place or '待定'}；"
            f"主持：{meeting.chair or '待定'}；状态：{meeting.get_state_display()}。")
    previous = f"上次会议：{meeting_label(agenda.previous)}。" if agenda.previous else "本层级此前未召开会议。"
    issues = [*agenda.scheduled, *[i for i in agenda.issues if i not in agenda.scheduled]]
    return {"heading_html": cjk_html(f"{numeral(number)}、{tier}：{meeting.title}"),
            "info_html": cjk_html(info + previous), "issue_count": len(issues),
            "issues": chunked(issue_rows(issues)), "item_count": len(agenda.open_items),
            "items": chunked(item_rows(agenda.open_items)), "raisers": {i.raised_by_id for i in issues},
            "figures": {"tier": meeting.tier, "domain": meeting.domain.name if meeting.domain_id else "",
                        "title": meeting.title, "date": starts.date().isoformat(), "issues": len(issues),
                        "open_items": len(agenda.open_items)}}


class ProposedAgenda(Cycle):
    kind = "proposed_agenda"
    period_type = periods.ROUND
    schedule = Schedule("4,19", 9)
    template = "tasks/reports/proposed_agenda.html"
    wording = {
        "title": "重大项目协调会议建议议题（{期间}）",
        "addressee": "县“项目大会战”指挥部各位领导，各领域领导小组",
        "preface": ("根据“项目大会战”协调调度机制，{期间}共收集需县级协调解决的问题{已收集}个。"
                    "经指挥部办公室会同有关部门会商，现将近期各层级协调会议的建议议题及上次议定事项落实情况报告如下，请审定。"),
        "closing": "列入建议议题的提报单位要提前做好汇报准备；上次议定事项尚未销号的责任单位，要在会上说明落实情况。",
        "copied_to": "县委、县政府主要领导、分管领导",
    }

    def period_for(self, day):
        return periods.last_round(day)

    def preview_period(self, today):
        return self.latest_period(today)

    def build(self, run, wording, period):
        round_day = period.round_date
        meetings = next_meetings(round_day)
        sections = [agenda_section(n, proposed_agenda(m)) for n, m in enumerate(meetings, start=1)]
        waiting = waiting_issues(round_day, meetings)
        raisers = {unit for s in sections for unit in s.pop("raisers")}
        for group in waiting:
            issues = group.pop("issues")
            raisers |= {issue.raised_by_id for issue in issues}
            group.update(rows=chunked(issue_rows(issues)), count=len(issues))
        collected = CoordinationIssue.objects.filter(round_date=round_day).count()
        proposed = sum(s["issue_count"] for s in sections)
        context = frame_context(run, wording, {"期间": period.label(), "已收集": collected,
                                               "批次": short_date(round_day)})
        context.update({"sections": sections, "waiting": waiting,
                        "waiting_heading_html": cjk_html(f"{numeral(len(sections) + 1)}、尚未安排会议的议题"),
                        "none_html": cjk_html("本批次之后暂无已安排的协调会议。")})
        summary = (f"{period.label()}之后的{len(sections)}次协调会议建议议题{proposed}个，"
                   f"上次议定事项未销号{sum(s['item_count'] for s in sections)}项"
                   + (f"；另有{sum(g['count'] for g in waiting)}个问题尚待安排会议" if waiting else "") + "。")
        return Document(self.template, context, figures={
            "period": period.key, "round": round_day.isoformat(), "collected": collected,
            "meetings": [s["figures"] for s in sections], "issues": proposed,
            "open_items": sum(s["item_count"] for s in sections),
            "waiting": {MeetingTier(g["tier"]).label: g["count"] for g in waiting},
        }, units=sorted(u for u in raisers if u), summary=summary)


def held_meetings(first: datetime.date, last: datetime.date) -> list[dict]:
    meetings = (Meeting.objects.held().filter(starts_at__date__gte=first, starts_at__date__lte=last)
                .select_related("domain", "minutes").annotate(decided=Count("minutes__items"))
                .order_by("starts_at", "pk"))
    rows = []
    for number, meeting in enumerate(meetings, start=1):
        minutes = getattr(meeting, "minutes", None)
        rows.append({"number": number, "date": short_date(timezone.localtime(meeting.starts_at)),
                     "tier": meeting.get_tier_display(),
                     "title": meeting.title, "chair": meeting.chair or "—",
                     "minutes": minutes.number if minutes else "未印发", "decided": meeting.decided})
    return html_rows(rows, ("tier", "title", "chair", "minutes"))


def escalated_items(month_end: datetime.date) -> dict[str, list]:
    """The open ledger items at 说明原因 or 通报批评 (``with_escalation(today=month_end)``), by level."""
    items = (LedgerItem.objects.open().with_escalation(today=month_end)
             .filter(escalation__in=[level for level, _ in LEVELS])
             .select_related("minutes__meeting", "project").prefetch_related("responsible_units")
             .order_by("minutes__meeting__starts_at", "sort_order", "pk"))
    grouped: dict[str, list] = {level: [] for level, _ in LEVELS}
    for item in items:
        grouped[item.escalation].append(item)
    return grouped


def unit_counts(items) -> str:
    counts: dict[str, int] = {}
    for item in items:
        for unit in item.responsible_units.all():
            counts[unit_name(unit)] = counts.get(unit_name(unit), 0) + 1
    return "、".join(f"{name}（{n}项）" for name, n in sorted(counts.items(), key=lambda pair: -pair[1]))


class LedgerEscalation(Cycle):
    kind = "ledger_escalation"
    period_type = periods.MONTH
    schedule = Schedule("2", 9)
    template = "tasks/reports/ledger_escalation.html"
    wording = {
        "title": "重大项目协调会议议定事项督办升级清单（{期间}）",
        "addressee": "各乡（镇）人民政府，县直各有关部门（单位）",
        "preface": ("根据“项目大会战”协调调度机制，会议议定事项经下一次同层级会议审议仍未销号的，责任单位须说明原因；"
                    "经两次及以上会议审议仍未销号的，予以通报批评。{期间}共召开协调会议{会议数}次。"
                    "现将截至{截止日期}的督办升级情况通报如下。"),
        "closing": ("列入“说明原因”的责任单位，要于下次同层级会议前向指挥部办公室书面说明未完成原因及下一步措施；"
                    "列入“通报批评”的责任单位，要明确专人、限期办结，办理情况纳入年度考核。"),
        "copied_to": "县委、县人大、县政府、县政协主要领导、分管领导，县委督查室、县政府督查室",
    }

    def preview_period(self, today):
        return self.latest_period(today)

    def build(self, run, wording, period):
        span = period.span
        meetings = held_meetings(span.start, span.end)
        grouped = escalated_items(span.end)
        levels = [{"label_html": cjk_html(f"（{numeral(n)}）{Escalation(level).label}（{len(items)}项）"),
                   "rule_html": cjk_html(f"判定规则：{rule}。"), "count": len(items),
                   "units_html": cjk_html(unit_counts(items)), "rows": chunked(item_rows(items))}
                  for n, (level, rule) in enumerate(LEVELS, start=1) for items in [grouped[level]]]
        context = frame_context(run, wording, {"期间": period.label(), "会议数": len(meetings),
                                               "截止日期": chinese_date(span.end)})
        context.update({"meetings": chunked(meetings), "meeting_count": len(meetings), "levels": levels})
        escalated = [item for items in grouped.values() for item in items]
        units = {unit.pk for item in escalated for unit in item.responsible_units.all()}
        counts = {str(Escalation(level).label): len(items) for level, items in grouped.items()}
        summary = (f"{period.label()}召开协调会议{len(meetings)}次；截至{chinese_date(span.end)}，"
                   + "、".join(f"{label}{n}项" for label, n in counts.items()) + "。")
        return Document(self.template, context, figures={
            "period": period.key, "meetings_held": len(meetings), "escalation": counts,
            "criticism": len(grouped[Escalation.CRITICISM]), "explain": len(grouped[Escalation.EXPLAIN]),
            "overdue": sum(1 for item in escalated if item.overdue),
        }, units=sorted(units), summary=summary)
