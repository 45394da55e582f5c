"""Demo data: plausible projects with annual plans, months of progress, site photos, the four
actions' events, acceptance commissioners and one demo user per role, so the admin, the public pages
and the reports can be seen with data.

* Realistic: names are unique and each holds a word of the demo's own (``demo_names.DEMO_MARKS``:
  an enterprise, a village, an estate) that no bureau sheet uses, so a demo site imports the
  county's sheets without a name matching two projects. Each domain's plans for the reporting year
  total 88–110% of its target (the drawn sizes are fitted per domain, ``_factors``); the projects
  under way take turns of paces within their domain (``PACE_TURN``), so every domain has a few
  lagging, over-plan, missing and draft reports; a 竣工/投产 project was completed in the last
  months, reached its whole plan then and reads finished (“已竣工投用”) from that month on.
* Deterministic: project *i* is drawn from ``random.Random(f"{seed}:{i}")``, so the same seed gives
  the same rows; growing ``projects`` only adds rows (the first ones keep their names and paces;
  the sizes of the added ones are fitted over all of them).
* Idempotent: demo projects carry the code ``DEMO-00001`` …; a second run creates only the codes
  that are missing (and the plans, months and photos of those). Events are matched by title and
  date, users by username; commissioners go only to units without any (``demo_directory``).
  ``reset=True`` deletes every demo row first.
* Fast: rows are bulk-created, all in one transaction. ``volume=True`` (the benchmark) skips the
  photos and the search index and puts every project under construction over the whole window.

Called by ``python manage.py demo_data``; nothing here knows about HTTP.
"""

import datetime
import random
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from registers.coordination.demo import load_coordination_demo
from registers.core.periods import reporting_period
from registers.core.roles import ensure_groups
from registers.core.scopes import GROUP_HQ, GROUP_LEAD, GROUP_LEADER, GROUP_REPORTER
from registers.duties.demo import load_duties_demo
from registers.models import (
    AnnualPlan,
    GroundbreakingRound,
    MonthlyProgress,
    Nature,
    ObservationMeeting,
    ProgressPhoto,
    Project,
    Stage,
    UnitMembership,
)
from registers.projects import demo_directory
from registers.projects import demo_names as names
from registers.projects.demo_events import EVENT_NOTE, PHOTO_TITLE, events_of_year, photos_of_months
from registers.projects.demo_months import money, month_rows
from snippets.models import AcceptanceCommissioner, CampaignYear, Domain, DomainTarget, Unit
from snippets.normalize import normalize_name
from snippets.seed import DOMAINS, FIXED_ASSET_GROWTH_PCT, HQ_POSTS, TOTAL_TARGET_YI, YI

CODE_PREFIX = "DEMO-"

# username → (full name, group, unit short name, leader name for county leaders)
DEMO_USERS = {
    "demo_hq": ("指挥部办公室演示", GROUP_HQ, "县发改委", ""),
    "demo_agri": ("县农业农村局演示", GROUP_LEAD, "县农业农村局", ""),
    "demo_dongshan": ("东山镇填报员演示", GROUP_REPORTER, "东山镇", ""),
    "demo_leader": ("县领导演示", GROUP_LEADER, "县政府办", "刘道军"),
}
CONTACT_LEADERS = [person for _role, person, _title in HQ_POSTS[2:]]

# (upper bound of a uniform draw, stage)
STAGES = [(0.06, Stage.RESERVE), (0.16, Stage.PRELIMINARY), (0.84, Stage.CONSTRUCTION), (0.92, Stage.COMPLETED),
          (0.98, Stage.IN_USE), (1.0, Stage.STOPPED)]
# (upper bound, domain code), from the domains' shares of projects.
DOMAIN_TABLE = []
for _code, (_share, *_rest) in names.DOMAIN_PROFILES.items():
    DOMAIN_TABLE.append(((DOMAIN_TABLE[-1][0] if DOMAIN_TABLE else 0.0) + _share, _code))
# The pace of the projects under way, dealt per domain in turns of twelve (each turn shuffled), so each
# domain has a few lagging, over-plan, missing and draft reports however many projects there are.
PACE_TURN = ["green"] * 7 + ["yellow", "red", "over", "missing", "draft"]
# A domain's plans for the reporting year, as a share of its target (drawn per domain from the seed).
TARGET_SHARE = (0.88, 1.1)
MILESTONES = ["完成主体工程建设", "完成年度投资计划，主体结构封顶", "完成设备安装并试生产",
              "完成前期手续办理并开工建设"]
FINISHED = (Stage.COMPLETED, Stage.IN_USE)


@dataclass
class DemoResult:
    year: int
    month: int
    created: dict[str, int] = field(default_factory=dict)
    users: list[tuple[str, str, str, str]] = field(default_factory=list)  # username, password, group, unit


def window(year: int, month: int, months: int | None) -> list[tuple[int, int]]:
    """The (year, month) periods progress is made for, oldest first: by default January of the
    previous year up to the period; with ``months``, only the last ``months`` up to the period."""
    count = months if months is not None else 12 + month
    periods = []
    y, m = year, month
    for _ in range(count):
        periods.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return periods[::-1]


def _pick(rng, table):
    draw = rng.random()
    for bound, value in table:
        if draw < bound:
            return value
    return table[-1][1]


class _Context:
    """Reference rows the generator needs, read once."""

    def __init__(self):
        self.domains = {d.code: d for d in Domain.objects.all()}
        missing = [code for code, *_ in DOMAINS if code not in self.domains]
        if missing:
            raise RuntimeError("参考数据缺失（领域），请先运行 python manage.py bootstrap")
        self.units = Unit.objects.name_index()
        self.townships = list(Unit.objects.townships().order_by("sort_order").values_list("short_name", flat=True))
        self.departments = list(Unit.objects.filter(kind="department").order_by("sort_order"))

    def unit(self, name: str) -> Unit:
        unit = self.units.get(normalize_name(name))
        if unit is None:
            raise RuntimeError(f"参考数据中没有单位“{name}”，请先运行 python manage.py bootstrap")
        return unit


def _years(rng, stage: str, year: int, volume: bool) -> tuple[int, int, str]:
    """(start year, end year, nature) fitting the stage."""
    if stage == Stage.RESERVE:
        start = year + rng.randint(1, 2)
        end = start + rng.randint(1, 3)
    elif stage == Stage.PRELIMINARY:
        start = year
        end = year + rng.randint(1, 3)
    elif stage in (Stage.COMPLETED, Stage.IN_USE):
        start = year - rng.randint(1, 3)
        end = year
    else:
        start = year - rng.randint(1, 3) if volume else year - rng.randint(0, 3)
        end = max(year, start + rng.randint(1, 4))
    nature = (Nature.PRELIMINARY if stage in (Stage.RESERVE, Stage.PRELIMINARY)
              else Nature.NEW if start == year else Nature.CONTINUING)
    return start, end, nature


def _key_dates(rng, stage: str, start: int, end: int, year: int, month: int) -> dict:
    """The key dates; a finished project was completed in one of the last months up to the period."""
    today = datetime.date(year, month, 28)
    planned_start = datetime.date(start, rng.randint(1, 12), rng.randint(1, 28))
    planned_end = datetime.date(end, rng.randint(1, 12), rng.randint(1, 28))
    actual_start = None
    if stage not in (Stage.RESERVE, Stage.PRELIMINARY):
        actual_start = min(planned_start + datetime.timedelta(days=rng.randint(-20, 60)), today)
    actual_end = None
    if stage in FINISHED:
        actual_end = datetime.date(year, rng.randint(max(1, month - 5), month), rng.randint(1, 28))
        planned_end = actual_end + datetime.timedelta(days=rng.randint(-40, 40))
    return {"planned_start_date": planned_start, "actual_start_date": actual_start,
            "planned_completion_date": planned_end, "actual_completion_date": actual_end}


def _plan_levels(rng, code: str, yi: float, is_social: bool) -> dict:
    """The plan-level flags (附件2 二(四)), likelier for larger projects."""
    return {
        "in_county_plan": rng.random() < 0.6,
        "in_city_plan": rng.random() < 0.2,
        "in_provincial_plan": yi >= 5 and rng.random() < 0.5,
        "is_provincial_large_medium": yi >= 5 and rng.random() < 0.4,
        "is_provincial_key": yi >= 5 and rng.random() < 0.3,
        "is_city_key": yi >= 1 and rng.random() < 0.3,
        "is_county_key": rng.random() < 0.35,
        "is_central_budget": not is_social and rng.random() < 0.15,
        "is_special_bond": code in ("infrastructure", "public_services") and rng.random() < 0.25,
        "is_5020": code == "industry" and yi >= 20,
        "is_top_enterprise": code == "industry" and yi >= 20 and rng.random() < 0.5,
    }


@dataclass
class _Draft:
    """A project as drawn from its seed, before its size is fitted to the domain's target."""

    project: Project
    rng: random.Random
    raw_total: float
    shares: list  # (year, share of the total, share done before the year, milestones)
    fixed: bool = False  # a "5020" project keeps its size
    profile: str = "green"


def _unique_name(spec: dict, generator, rng, townships, used: set, index: int) -> dict:
    """``spec`` with a name no earlier demo project has (drawn again, else a later phase)."""
    for _ in range(12):
        if normalize_name(spec["name"]) not in used:
            break
        spec = generator(rng, townships)
    base = spec["name"]
    candidates = [base] + [f"{base}（{phase}期）" for phase in names.PHASES] + [f"{base}（{index}）"]
    spec["name"] = next(c for c in candidates if normalize_name(c) not in used)
    used.add(normalize_name(spec["name"]))
    return spec


def _shares(rng, stage: str, start: int, end: int) -> list[tuple[int, float, float, str]]:
    """Each year's share of the total (spread over the years), the share done before it, and its milestones."""
    if stage == Stage.RESERVE:
        return []
    span = list(range(start, end + 1))
    weights = [rng.uniform(0.7, 1.3) for _ in span]
    shares, done = [], 0.0
    for y, weight in zip(span, weights, strict=True):
        share = rng.uniform(0.03, 0.12) if stage == Stage.PRELIMINARY else weight / sum(weights)
        milestone = "完成竣工验收" if stage in FINISHED and y == end else rng.choice(MILESTONES)
        shares.append((y, share, done * rng.uniform(0.9, 1.0), milestone))
        done += share
    return shares


def _draft(index: int, seed: int, year: int, month: int, ctx: _Context, volume: bool, used: set) -> _Draft:
    """Project number ``index`` as drawn (not yet saved, not yet sized)."""
    rng = random.Random(f"{seed}:{index}")  # noqa: S311 — demo data, not security
    code = _pick(rng, DOMAIN_TABLE)
    _share, generator, (low, high) = names.DOMAIN_PROFILES[code]
    spec = _unique_name(generator(rng, ctx.townships), generator, rng, ctx.townships, used, index)
    stage = Stage.CONSTRUCTION if volume else _pick(rng, STAGES)
    total = rng.uniform(low, high) * rng.choice([1, 1, 1, 1.5, 2])
    fixed = code == "industry" and rng.random() < 0.03
    if fixed:
        total = rng.uniform(200000, 350000)  # a "5020" attraction project (≥20亿元)
    start, end, nature = _years(rng, stage, year, volume)
    owner_unit = ctx.unit(spec["owner"]) if spec["owner_is_unit"] else None
    project = Project(
        code=f"{CODE_PREFIX}{index:05d}", name=spec["name"], normalized_name=normalize_name(spec["name"]),
        domain=ctx.domains[code], nature=nature, stage=stage, is_countywide=spec.get("countywide", False),
        location=spec["location"], scale_content=spec["scale"], start_year=start, end_year=end,
        owner_name=owner_unit.name if owner_unit else spec["owner"], owner_unit=owner_unit,
        responsible_unit=ctx.unit(spec["responsible"]),
        liaison_unit=rng.choice(ctx.departments),
        contact_leaders=rng.choice(CONTACT_LEADERS),
        remarks=rng.choice(["", "", "", "中央预算内投资项目", "专项债券支持项目", "省重点调度项目"]),
        is_public=rng.random() < 0.9,
        **_key_dates(rng, stage, start, end, year, month),
    )
    project._demo_townships = [ctx.unit(name) for name in spec["townships"]]
    return _Draft(project, rng, total, _shares(rng, stage, start, end), fixed)


def _deal_paces(drafts: list[_Draft], seed: int) -> None:
    """Each draft's pace: the projects under way take turns of ``PACE_TURN`` within their domain
    (in code order, so a longer run keeps the first projects' paces)."""
    dealt: dict[str, int] = {}
    for draft in drafts:
        stage = draft.project.stage
        if stage in FINISHED:
            draft.profile = "done"
        elif stage == Stage.STOPPED:
            draft.profile = "stopped"
        elif stage in (Stage.CONSTRUCTION, Stage.PRELIMINARY):
            code = draft.project.domain.code
            position = dealt.get(code, 0)
            dealt[code] = position + 1
            turn = list(PACE_TURN)
            random.Random(f"{seed}:{code}:{position // len(turn)}").shuffle(turn)  # noqa: S311
            draft.profile = turn[position % len(turn)]


def _factors(drafts: list[_Draft], year: int, seed: int) -> dict[str, float]:
    """Per domain, the factor on the drawn sizes that makes its plans for ``year`` total a share
    (``TARGET_SHARE``) of the domain's target for the year."""
    targets = {t.domain.code: float(t.target) for t in DomainTarget.objects.filter(year=year).select_related("domain")}
    scalable: dict[str, float] = {}
    fixed: dict[str, float] = {}
    for draft in drafts:
        code = draft.project.domain.code
        for y, share, _prior, _milestone in draft.shares:
            if y == year:
                bucket = fixed if draft.fixed else scalable
                bucket[code] = bucket.get(code, 0.0) + draft.raw_total * share
    factors = {}
    for code, target in targets.items():
        aim = target * random.Random(f"{seed}:target:{code}").uniform(*TARGET_SHARE)  # noqa: S311
        aim = max(aim - fixed.get(code, 0.0), target * 0.1)
        factors[code] = aim / scalable[code] if scalable.get(code) else 1.0
    return factors


def _size(draft: _Draft, factor: float, years: list[int]) -> list[AnnualPlan]:
    """Fit the draft to ``factor``: its total, investments and plan levels; return its plans for ``years``."""
    project, rng = draft.project, draft.rng
    total = draft.raw_total if draft.fixed else draft.raw_total * factor
    total = max(10.0, round(total, -1))
    is_social = project.owner_unit_id is None
    project.total_investment = money(total)
    project.government_investment = None if is_social else money(total)
    project.social_investment = money(total) if is_social else None
    yi = total / 10000
    for key, value in _plan_levels(rng, project.domain.code, yi, is_social).items():
        setattr(project, key, value)
    project.liaison_commissioner = names.person(rng) if is_social and yi >= 1 else ""
    return [AnnualPlan(project=project, year=y, planned_investment=money(max(10, round(total * share, -1))),
                       prior_cumulative=money(round(total * prior, 1)), milestones=milestone)
            for y, share, prior, milestone in draft.shares if y in years]


def _ensure_targets(years: list[int]) -> None:
    """The demo years need the county's targets for the dashboard; the seed's values, when missing."""
    for year in years:
        CampaignYear.objects.get_or_create(
            year=year, defaults={"total_target": TOTAL_TARGET_YI * YI, "fixed_asset_growth_pct": FIXED_ASSET_GROWTH_PCT}
        )
        for code, _name, _leads, target_yi in DOMAINS:
            DomainTarget.objects.get_or_create(domain=Domain.objects.get(code=code), year=year,
                                               defaults={"target": target_yi * YI})


def _users(ctx: _Context, password: str | None) -> list[tuple[str, str, str, str]]:
    user_model = get_user_model()
    shown = []
    for username, (full_name, group_name, unit_name, leader) in DEMO_USERS.items():
        user, _ = user_model.objects.get_or_create(username=username, defaults={"first_name": full_name})
        secret = password or secrets.token_urlsafe(9)
        user.set_password(secret)
        user.is_active = True
        user.save()
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            raise RuntimeError(f"用户组“{group_name}”不存在，请先运行 python manage.py bootstrap")
        user.groups.add(group)
        unit = ctx.unit(unit_name)
        UnitMembership.objects.update_or_create(user=user, defaults={"unit": unit, "leader_name": leader})
        shown.append((username, secret, group_name, str(unit)))
    return shown


def delete_demo_data() -> dict[str, int]:
    """Remove every demo row (projects and their plans, months and photos; events; users; images)."""
    from wagtail.images import get_image_model

    from registers.coordination.demo import delete_coordination_demo
    from registers.duties.demo import delete_duties_demo

    coordination = delete_coordination_demo() + delete_duties_demo()  # before the projects they point at
    counts = {
        "coordination": coordination,
        "projects": Project.objects.filter(code__startswith=CODE_PREFIX).delete()[1].get("registers.Project", 0),
        "rounds": GroundbreakingRound.objects.filter(notes=EVENT_NOTE).delete()[0],
        "meetings": ObservationMeeting.objects.filter(comments__startswith=EVENT_NOTE).delete()[0],
        "users": get_user_model().objects.filter(username__in=DEMO_USERS).delete()[0],
        "commissioners": demo_directory.delete_demo_commissioners(),
    }
    for image in get_image_model().objects.filter(title__startswith=PHOTO_TITLE):
        image.delete()
    return counts


def _new_projects(projects: int, seed: int, year: int, years: list[int], month: int, ctx: _Context, volume: bool):
    """The demo projects not yet in the register, sized and saved, with their plans (not yet saved).
    All ``projects`` are drawn (names stay unique, paces and sizes are dealt over all of them), only
    the missing ones are saved."""
    existing = set(Project.objects.filter(code__startswith=CODE_PREFIX).values_list("code", flat=True))
    used: set[str] = set()
    drafts = [_draft(index, seed, year, month, ctx, volume, used) for index in range(1, projects + 1)]
    _deal_paces(drafts, seed)
    factors = _factors(drafts, year, seed)
    drafts = [d for d in drafts if d.project.code not in existing]
    plans = {d.project.code: _size(d, factors.get(d.project.domain.code, 1.0), years) for d in drafts}
    new_projects = [d.project for d in drafts]
    Project.objects.bulk_create(new_projects, batch_size=500)
    Through = Project.townships.through
    Through.objects.bulk_create([Through(project_id=p.pk, unit_id=unit.pk)
                                 for p in new_projects for unit in p._demo_townships], batch_size=1000)
    return drafts, plans


def _plans_and_months(drafts, plans_by_code, periods, period, hq_user):
    """Each new project's annual plans and monthly progress, saved."""
    now = timezone.now()
    plans: list[AnnualPlan] = []
    progress: list[MonthlyProgress] = []
    for draft in drafts:
        project_plans = plans_by_code[draft.project.code]
        plans += project_plans
        for plan in project_plans:
            plan.project = draft.project  # its primary key, now it is saved
            plan_months = [m for y, m in periods if y == plan.year]
            progress += month_rows(draft, plan, plan_months, period, hq_user, now)
    AnnualPlan.objects.bulk_create(plans, batch_size=1000)
    MonthlyProgress.objects.bulk_create(progress, batch_size=1000)
    return plans, progress


@transaction.atomic
def load_demo_data(*, projects: int = 300, seed: int = 2021, year: int | None = None, months: int | None = None,
                   volume: bool = False, password: str | None = None, reset: bool = False) -> DemoResult:
    """Create the demo rows that are missing (see the module docstring). Returns what was made."""
    period_year, period_month = reporting_period()
    year = year or period_year
    if year > period_year:
        raise ValueError(f"{year}年尚未开始填报（当前填报期为{period_year}年{period_month}月）")
    month = period_month if year == period_year else 12
    result = DemoResult(year=year, month=month)
    if reset:
        result.created["deleted"] = sum(delete_demo_data().values())
    ensure_groups()
    ctx = _Context()
    periods = window(year, month, months)
    years = sorted({y for y, _m in periods} | {year})
    _ensure_targets(years)
    result.users = _users(ctx, password)
    hq_user = get_user_model().objects.get(username="demo_hq")
    drafts, plans_by_code = _new_projects(projects, seed, year, years, month, ctx, volume)
    new_projects = [d.project for d in drafts]
    plans, progress = _plans_and_months(drafts, plans_by_code, periods, (year, month), hq_user)
    desks = demo_directory.commissioners(seed, ctx.unit)
    photos: list[ProgressPhoto] = []
    if desks and not volume:
        from wagtail.search.backends import get_search_backends

        for backend in get_search_backends():
            backend.add_bulk(AcceptanceCommissioner, desks)
    if not volume and new_projects:
        photos = photos_of_months(progress, (year, month), seed)
        from wagtail.search.backends import get_search_backends

        for backend in get_search_backends():
            backend.add_bulk(Project, new_projects)
    events = events_of_year(year, month, new_projects, random.Random(f"{seed}:events"))  # noqa: S311
    building = [p for p in new_projects if p.stage == Stage.CONSTRUCTION]
    events.update(load_coordination_demo(building, year, month, random.Random(f"{seed}:coordination"), hq_user))  # noqa: S311
    events.update(load_duties_demo(new_projects, year, month, random.Random(f"{seed}:duties")))  # noqa: S311
    result.created.update(projects=len(new_projects), plans=len(plans), progress=len(progress),
                          photos=len(photos), commissioners=len(desks), **events)
    return result

