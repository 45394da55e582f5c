"""A year of coordination for the demo site (附件2): issues raised in every round (3rd and 18th),
the meetings of all three tiers — a 部门联席会 and each domain's 领导小组会 every month, a 调度推进会
every quarter — their minutes, and a ledger whose open items sit at every escalation level. The
meetings decide what their agendas propose (``agenda.proposed_agenda``) and the issues follow their
ledger items (``workflow.issue_target``), so the demo reads as the registers would after a year of use;
rows are written in bulk (no history entries for the demo's meetings)."""

from __future__ import annotations

import datetime
import zoneinfo

from registers.coordination.agenda import proposed_agenda
from registers.coordination.models import (
    CoordinationIssue,
    IssueStatus,
    LedgerItem,
    LedgerStatus,
    Meeting,
    MeetingState,
    MeetingTier,
    Minutes,
)
from registers.coordination.workflow import issue_target
from registers.core.periods import collection_round

DEMO_NOTE = "演示数据"
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
PROBLEMS = [
    ("征地拆迁", "项目红线内尚有{n}户未签订征收补偿协议", "请属地乡镇和县自然资源局加快征迁补偿"),
    ("用地报批", "建设用地报批卡在林地审批环节，影响{n}亩用地供地", "请县林业局、县自然资源局加快林地和用地审批"),
    ("资金筹措", "中央预算内资金{n}00万元尚未拨付到位", "请县财政局协调资金拨付"),
    ("审批手续", "施工许可所需的{n}项前置手续未办结", "请县行政审批局开辟绿色通道"),
    ("水电配套", "施工用电线路迁改涉及{n}基杆塔", "请县供电公司加快线路迁改"),
]
BUREAUS = ["县自然资源局", "县住建局", "县财政局", "县行政审批局", "县林业局", "县供电公司"]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _months(year: int, month: int, count: int = 12) -> list[tuple[int, int]]:
    periods = []
    for _ in range(count):
        periods.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return periods[::-1]


def _raise_issues(projects, periods, rng) -> list[CoordinationIssue]:
    """Two to four issues per round, raised a day or two before it by the project's unit."""
    issues = []
    tiers = [MeetingTier.JOINT] * 6 + [MeetingTier.GROUP] * 3 + [MeetingTier.DISPATCH]
    for year, month in periods:
        for round_day in (3, 18):
            for _ in range(rng.randint(2, 4)):
                project = rng.choice(projects)
                category, problem, request = rng.choice(PROBLEMS)
                raised = datetime.date(year, month, round_day) - datetime.timedelta(days=rng.randint(0, 2))
                issues.append(CoordinationIssue(
                    project=project, raised_by_id=project.responsible_unit_id, category=category,
                    problem=problem.format(n=rng.randint(2, 9)), request=request, proposed_tier=rng.choice(tiers),
                    raised_on=raised, round_date=collection_round(raised), contact_person="联络员",
                    contact_phone=f"0797-{rng.randint(1000000, 9999999)}", status=IssueStatus.CONSULTED,
                    opinion="指挥部办公室已会商相关部门，建议提交会议研究"))
    return CoordinationIssue.objects.bulk_create(issues)


def _meetings_of(year: int, month: int, domains) -> list[Meeting]:
    meetings = [Meeting(tier=MeetingTier.JOINT, title=f"{year}年{month}月重大项目建设协调推进部门联席会议",
                        starts_at=_at(datetime.date(year, month, 25)), place="县发改委三楼会议室",
                        chair="县“项目大会战”指挥部办公室主任", notes=DEMO_NOTE)]
    for domain in domains:
        meetings.append(Meeting(tier=MeetingTier.GROUP, domain=domain,
                                title=f"{year}年{month}月{domain.name}领导小组会",
                                starts_at=_at(datetime.date(year, month, 22), 15), place="县政府二楼会议室",
                                chair=f"{domain.name}领导小组组长", notes=DEMO_NOTE))
    if month in (3, 6, 9, 12):
        meetings.append(Meeting(tier=MeetingTier.DISPATCH, title=f"{year}年第{month // 3}季度“项目大会战”调度推进会",
                                starts_at=_at(datetime.date(year, month, 28)), place="县行政中心一楼大会议室",
                                chair="县“项目大会战”指挥部总指挥", notes=DEMO_NOTE))
    return meetings


def _item(minutes, position: int, issue, unit_names: list[str], rng, today) -> LedgerItem:
    """A decided item led by a county bureau; older items are more likely checked off."""
    day = minutes.meeting.starts_at.date()
    deadline = day + datetime.timedelta(days=20)
    age = (today - day).days
    lead = rng.choice(unit_names)
    closed = age > 60 and rng.random() < 0.7 or 20 < age <= 60 and rng.random() < 0.35
    item = LedgerItem(
        minutes=minutes, sort_order=position, issue=issue, project_id=issue.project_id, deadline=deadline,
        text=f"{lead}牵头，{issue.request.removeprefix('请')}，{deadline:%-m月%-d日}前办结",
        status=LedgerStatus.CHECKED_OFF if closed else LedgerStatus.OPEN,
        checked_off_on=day + datetime.timedelta(days=rng.randint(10, 30)) if closed else None,
        evidence="已办结，佐证材料已报指挥部办公室" if closed else "")
    item.lead = lead
    return item


def _hold(meeting: Meeting, serial: int, units, rng, today: datetime.date) -> list[LedgerItem]:
    """The meeting (saved as held) takes its proposed agenda, and its minutes decide each issue.
    Written in bulk: a year of meetings loads in seconds."""
    agenda = proposed_agenda(meeting)
    Meeting.issues.through.objects.bulk_create(
        [Meeting.issues.through(meeting_id=meeting.pk, coordinationissue_id=i.pk) for i in agenda.issues])
    CoordinationIssue.objects.filter(pk__in=[i.pk for i in agenda.issues]).update(status=IssueStatus.ON_AGENDA)
    day = meeting.starts_at.date()
    minutes = Minutes.objects.create(
        meeting=meeting, year=day.year, serial=serial, issued_on=day + datetime.timedelta(days=2),
        body=(f"{day:%Y年%-m月%-d日}，{meeting.chair}主持召开{meeting.get_tier_display()}，听取了有关项目推进情况汇报，"
              "研究协调解决项目建设中的困难和问题。现将会议议定事项纪要如下：\n一、听取上次议定事项落实情况\n"
              f"会议听取了上次议定事项落实情况汇报，未销号事项{len(agenda.open_items)}项，责任单位要在规定时限内落实到位。\n"
              "二、研究协调解决的问题"),
        present=meeting.chair, attending="各成员单位分管负责同志", absent="")
    items = [_item(minutes, position, issue, sorted(units), rng, today) for position, issue in enumerate(agenda.issues)]
    LedgerItem.objects.bulk_create(items)
    through = LedgerItem.responsible_units.through
    through.objects.bulk_create([through(ledgeritem_id=item.pk, unit_id=unit_id) for item in items
                                 for unit_id in sorted({item.issue.raised_by_id, units[item.lead]})])
    return items


def _settle(items) -> None:
    """Each decided issue in the state its items put it in (``workflow.issue_target``), in two updates."""
    statuses: dict[int, set[str]] = {}
    for item in items:
        statuses.setdefault(item.issue_id, set()).add(item.status)
    targets: dict[str, list[int]] = {}
    for issue_id, found in statuses.items():
        targets.setdefault(issue_target(found), []).append(issue_id)
    for target, ids in targets.items():
        CoordinationIssue.objects.filter(pk__in=ids).update(status=target)


def load_coordination_demo(projects, year: int, month: int, rng, user=None) -> dict[str, int]:
    """The year of coordination up to (year, month) for ``projects``, unless already there."""
    from snippets.models import Domain, Unit

    if not projects or Meeting.objects.filter(notes=DEMO_NOTE).exists():
        return {"issues": 0, "coordination_meetings": 0, "ledger_items": 0}
    today = datetime.date(year, month, 28) + datetime.timedelta(days=10)
    units = {name: unit.pk for name in BUREAUS if (unit := Unit.objects.resolve(name)) is not None}
    periods = _months(year, month)
    issues = _raise_issues(projects, periods, rng)
    domains = list(Domain.objects.order_by("sort_order"))
    meetings = sorted((m for y, mo in periods for m in _meetings_of(y, mo, domains)), key=lambda m: m.starts_at)
    for meeting in meetings:
        meeting.state = MeetingState.MINUTES_ISSUED
    Meeting.objects.bulk_create(meetings)
    serials: dict[tuple, int] = {}
    items = []
    for meeting in meetings:
        key = (meeting.tier, meeting.domain_id, meeting.starts_at.year)
        serials[key] = serials.get(key, 0) + 1
        items += _hold(meeting, serials[key], units, rng, today)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    upcoming = _meetings_of(next_year, next_month, domains[:1])
    Meeting.objects.bulk_create(upcoming)  # planned: its proposed agenda is the latest rounds and the open ledger
    _settle(items)
    return {"issues": len(issues), "coordination_meetings": len(meetings) + len(upcoming), "ledger_items": len(items)}


def delete_coordination_demo() -> int:
    """Remove the demo's meetings (with their minutes and ledger) and the demo projects' issues."""
    from registers.projects.demo import CODE_PREFIX

    deleted = Minutes.objects.filter(meeting__notes=DEMO_NOTE).delete()[0]
    deleted += Meeting.objects.filter(notes=DEMO_NOTE).delete()[0]
    deleted += CoordinationIssue.objects.filter(project__code__startswith=CODE_PREFIX).delete()[0]
    return deleted
