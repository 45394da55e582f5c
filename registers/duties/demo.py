"""Duties for the demo site (附件3, 附件4): county leaders on 1–3 projects each and the deputy county
heads on their domains, liaison commissioners of the ≥1亿元 social-investment projects, and a year of
logs with gaps — some months without a report, quarters without a visit, weeks without a call — so
the compliance listing and the HQ office's check have something to show. Written in bulk."""

from __future__ import annotations

import datetime

from registers.duties.models import (
    ActivityKind,
    AssignmentKind,
    CommissionerDuty,
    DutyKind,
    Leader,
    LeaderActivity,
    LeaderAssignment,
    LeadingBody,
    LiaisonCommissioner,
)
from registers.duties.queries import Period, liaison_projects
from registers.duties.rules import CLOSED_STAGES, MAX_ONE_TO_ONE, OWN_COMMISSIONER_FLOOR

DEMO_NOTE = "演示数据"
LEADERS = [("钱某壹", "县委书记", LeadingBody.PARTY), ("孙某贰", "县长", LeadingBody.GOVERNMENT),
           ("李某叁", "县人大常委会主任", LeadingBody.CONGRESS), ("周某肆", "县政协主席", LeadingBody.CPPCC),
           ("吴某伍", "县委副书记", LeadingBody.PARTY), ("郑某陆", "县委常委、组织部部长", LeadingBody.PARTY),
           ("冯某柒", "县委常委、宣传部部长", LeadingBody.PARTY),
           ("陈某捌", "县人大常委会副主任", LeadingBody.CONGRESS),
           ("褚某玖", "县人大常委会副主任", LeadingBody.CONGRESS), ("卫某拾", "县政协副主席", LeadingBody.CPPCC)]
DEPUTIES = ["蒋某甲", "沈某乙", "韩某丙", "杨某丁", "朱某戊", "秦某己"]  # 副县长, one domain each
LIAISON_UNITS = ["县发改委", "县工信局", "县住建局", "县财政局", "县自然资源局"]
COMMISSIONERS = ["尤某", "许某", "何某", "吕某", "施某", "张某", "孔某", "曹某", "严某", "华某", "金某", "魏某"]


def _leaders() -> tuple[list[Leader], list[Leader]]:
    """The one-to-one leaders, and the 包干 deputies: the headquarters' deputy commanders where the
    reference data names them (``duties.reference``), else demo deputies."""
    rows = [Leader(name=name, post=post, body=body, sort_order=i) for i, (name, post, body) in enumerate(LEADERS)]
    deputies = list(Leader.objects.filter(hq_post__role="deputy").order_by("sort_order"))
    extra = [Leader(name=name, post="县政府副县长", body=LeadingBody.GOVERNMENT, sort_order=20 + i)
             for i, name in enumerate(DEPUTIES[len(deputies):])]
    Leader.objects.bulk_create(rows + extra)
    return rows, deputies + extra


def _assignments(projects, year, rng, units) -> list[LeaderAssignment]:
    from snippets.models import Domain

    one_to_one, deputies = _leaders()
    open_projects = [p for p in projects if p.stage not in CLOSED_STAGES]
    rng.shuffle(open_projects)
    rows = []
    for leader in one_to_one:
        for _ in range(rng.randint(1, MAX_ONE_TO_ONE)):
            if open_projects:
                rows.append(LeaderAssignment(leader=leader, kind=AssignmentKind.ONE_TO_ONE, year=year,
                                             project=open_projects.pop(), liaison_unit_id=rng.choice(units),
                                             notes=DEMO_NOTE))
    for leader, domain in zip(deputies, Domain.objects.order_by("sort_order"), strict=False):
        rows.append(LeaderAssignment(leader=leader, kind=AssignmentKind.DOMAIN, year=year, domain=domain,
                                     notes=DEMO_NOTE))
    return LeaderAssignment.objects.bulk_create(rows)


def _activities(assignments, period: Period, rng) -> list[LeaderActivity]:
    rows = []
    for assignment in assignments:
        for index, (first, last) in enumerate(period.months):
            day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            if assignment.kind == AssignmentKind.DOMAIN:
                if rng.random() < 0.8:
                    rows.append(LeaderActivity(assignment=assignment, date=day, kind=ActivityKind.MEETING,
                                               summary=f"召开{assignment.domain.name}领域重大项目调度协调会"))
                continue
            if rng.random() < 0.85:
                rows.append(LeaderActivity(assignment=assignment, date=day, kind=ActivityKind.REPORT,
                                           summary="听取项目推进情况汇报，研究解决用地和资金问题"))
            if index % 3 == 1 and rng.random() < 0.7:
                rows.append(LeaderActivity(assignment=assignment, date=day, kind=ActivityKind.VISIT,
                                           summary="深入项目现场调研，察看施工进度"))
    return LeaderActivity.objects.bulk_create(rows)


def _commissioners(year, rng) -> list[LiaisonCommissioner]:
    """One per ≥5亿元 project, one per two smaller ones, in the project's responsible unit."""
    from registers.projects.demo import CODE_PREFIX

    projects = list(liaison_projects(year).filter(code__startswith=CODE_PREFIX).order_by("-total_investment"))
    groups = [[p] for p in projects if p.total_investment >= OWN_COMMISSIONER_FLOOR]
    small = [p for p in projects if p.total_investment < OWN_COMMISSIONER_FLOOR]
    groups += [small[i:i + 2] for i in range(0, len(small), 2)]
    groups = groups[:len(COMMISSIONERS)] if len(groups) > len(COMMISSIONERS) else groups
    people = [LiaisonCommissioner(name=COMMISSIONERS[i], unit_id=group[0].responsible_unit_id, year=year,
                                  section="项目服务股", mobile=f"139{rng.randint(10000000, 99999999)}")
              for i, group in enumerate(groups)]
    LiaisonCommissioner.objects.bulk_create(people)
    through = LiaisonCommissioner.projects.through
    through.objects.bulk_create([through(liaisoncommissioner_id=c.pk, project_id=p.pk)
                                 for c, group in zip(people, groups, strict=True) for p in group])
    for person, group in zip(people, groups, strict=True):
        person.demo_projects = group
    return people


def _duties(people, period: Period, rng) -> int:
    rows = []
    for person in people:
        for monday, _sunday in period.weeks:
            if rng.random() < 0.85:
                rows.append(CommissionerDuty(commissioner=person, project=rng.choice(person.demo_projects),
                                             date=monday + datetime.timedelta(days=rng.randint(0, 4)),
                                             kind=DutyKind.CALL, notes="电话了解项目进展和需协调事项"))
        for first, _last in period.months:
            if rng.random() < 0.75:
                rows.append(CommissionerDuty(commissioner=person, project=rng.choice(person.demo_projects),
                                             date=first + datetime.timedelta(days=rng.randint(5, 25)),
                                             kind=DutyKind.VISIT, notes="到项目现场走访，收集困难问题"))
    CommissionerDuty.objects.bulk_create(rows)
    return len(rows)


def load_duties_demo(projects, year: int, month: int, rng) -> dict[str, int]:
    """The year's assignments and logs up to ``month`` for the demo ``projects``, unless already there."""
    from snippets.models import Unit

    if not projects or Leader.objects.filter(name__in=[n for n, _p, _b in LEADERS]).exists():
        return {"assignments": 0, "activities": 0, "liaison_commissioners": 0, "duties": 0}
    units = [u.pk for name in LIAISON_UNITS if (u := Unit.objects.resolve(name)) is not None]
    period = Period(year, 1, month)
    assignments = _assignments(projects, year, rng, units)
    activities = _activities(assignments, period, rng)
    people = _commissioners(year, rng)
    return {"assignments": len(assignments), "activities": len(activities), "liaison_commissioners": len(people),
            "duties": _duties(people, period, rng)}


def delete_duties_demo() -> int:
    names = [n for n, _p, _b in LEADERS] + DEPUTIES
    deleted = LeaderAssignment.objects.filter(notes=DEMO_NOTE).delete()[0]
    deleted += Leader.objects.filter(name__in=names).delete()[0]
    deleted += LiaisonCommissioner.objects.filter(name__in=COMMISSIONERS, section="项目服务股").delete()[0]
    return deleted
