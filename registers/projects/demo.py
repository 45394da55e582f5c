"""Demo data: plausible projects with annual plans, months of progress, site photos, the four
actions' events and one demo user per role, so the admin, the public pages and the reports can be
seen with data.

* Deterministic: project *i* is drawn from ``random.Random(f"{seed}:{i}")``, so the same seed gives
  the same rows, and growing ``projects`` only adds rows.
* Idempotent: demo projects carry the code ``DEMO-00001`` …; a second run creates only the codes
  that are missing (and the plans, months and photos of those). Events are matched by title and
  date, users by username. ``reset=True`` deletes every demo row first.
* Fast: rows are bulk-created, all in one transaction. ``volume=True`` (the benchmark) skips the
  photos and the search index and puts every project under construction over the whole window.

Called by ``python manage.py demo_data``; nothing here knows about HTTP.
"""

import datetime
import io
import random
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from registers.core.periods import reporting_period, time_elapsed_pct
from registers.core.roles import ensure_groups
from registers.core.scopes import GROUP_HQ, GROUP_LEAD, GROUP_LEADER, GROUP_REPORTER
from registers.models import (
    ActionLevel,
    AnnualPlan,
    GroundbreakingRound,
    MonthlyProgress,
    Nature,
    ObservationMeeting,
    ProgressPhoto,
    ProgressStatus,
    Project,
    Stage,
    UnitMembership,
)
from registers.projects import demo_names as names
from snippets.models import CampaignYear, Domain, DomainTarget, Unit
from snippets.normalize import normalize_name
from snippets.seed import DOMAINS, FIXED_ASSET_GROWTH_PCT, HQ_POSTS, TOTAL_TARGET_YI, YI

CODE_PREFIX = "DEMO-"
EVENT_NOTE = "演示数据（demo_data 生成）"
PHOTO_TITLE = "DEMO 现场照片"
CENT = Decimal("0.01")

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
# The current year's pace, as (upper bound, profile).
PROFILES = [(0.55, "green"), (0.70, "yellow"), (0.80, "red"), (0.90, "over"), (1.0, "missing")]


@dataclass
class DemoResult:
    year: int
    month: int
    created: dict[str, int] = field(default_factory=dict)
    users: list[tuple[str, str, str, str]] = field(default_factory=list)  # username, password, group, unit


def money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


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


def _key_dates(rng, stage: str, start: int, end: int, today: datetime.date) -> dict:
    planned_start = datetime.date(start, rng.randint(1, 12), rng.randint(1, 28))
    planned_end = datetime.date(end, rng.randint(1, 12), rng.randint(1, 28))
    actual_start = None
    if stage not in (Stage.RESERVE, Stage.PRELIMINARY):
        actual_start = min(planned_start + datetime.timedelta(days=rng.randint(-20, 60)), today)
    finished = stage in (Stage.COMPLETED, Stage.IN_USE)
    return {"planned_start_date": planned_start, "actual_start_date": actual_start,
            "planned_completion_date": planned_end,
            "actual_completion_date": min(planned_end, today) if finished else None}


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


def _pace(rng, stage: str, volume: bool) -> dict:
    """How the project's months will run (``_progress``)."""
    profile = "green" if volume and rng.random() < 0.5 else _pick(rng, PROFILES)
    if stage in (Stage.COMPLETED, Stage.IN_USE):
        profile = rng.choice(["green", "over"])
    elif stage == Stage.STOPPED:
        profile = "stopped"
    return {"profile": profile, "rng": rng}


def _project(index: int, seed: int, year: int, month: int, ctx: _Context, volume: bool) -> tuple[Project, dict]:
    """Project number ``index`` and its plan of pace (not yet saved)."""
    rng = random.Random(f"{seed}:{index}")  # noqa: S311 — demo data, not security
    code = _pick(rng, DOMAIN_TABLE)
    _share, generator, (low, high) = names.DOMAIN_PROFILES[code]
    spec = generator(rng, ctx.townships)
    stage = Stage.CONSTRUCTION if volume else _pick(rng, STAGES)
    total = rng.uniform(low, high) * rng.choice([1, 1, 1, 1.5, 2])
    if code == "industry" and rng.random() < 0.03:
        total = rng.uniform(200000, 350000)  # a "5020" attraction project (≥20亿元)
    total = round(total, -1)
    start, end, nature = _years(rng, stage, year, volume)
    owner_unit = ctx.unit(spec["owner"]) if spec["owner_is_unit"] else None
    is_social = owner_unit is None
    yi = total / 10000
    dates = _key_dates(rng, stage, start, end, datetime.date(year, month, 28))
    levels = _plan_levels(rng, code, yi, is_social)
    project = Project(
        code=f"{CODE_PREFIX}{index:05d}", name=spec["name"], normalized_name=normalize_name(spec["name"]),
        domain=ctx.domains[code], nature=nature, stage=stage,
        location=spec["location"], scale_content=spec["scale"], start_year=start, end_year=end,
        total_investment=money(total),
        government_investment=None if is_social else money(total),
        social_investment=money(total) if is_social else None,
        owner_name=owner_unit.name if owner_unit else spec["owner"], owner_unit=owner_unit,
        responsible_unit=ctx.unit(spec["responsible"]),
        liaison_unit=rng.choice(ctx.departments),
        contact_leaders=rng.choice(CONTACT_LEADERS),
        liaison_commissioner=names.person(rng) if is_social and yi >= 1 else "",
        remarks=rng.choice(["", "", "", "中央预算内投资项目", "专项债券支持项目", "省重点调度项目"]),
        is_public=rng.random() < 0.9,
        **levels, **dates,
    )
    project._demo_township = ctx.unit(spec["township"]) if spec["township"] else None
    return project, _pace(rng, stage, volume)


def _plans(project: Project, rng, years: list[int]) -> list[AnnualPlan]:
    """Plans for the window's years the project spans; shares of the total spread over its years."""
    span = list(range(project.start_year, project.end_year + 1))
    weights = [rng.uniform(0.7, 1.3) for _ in span]
    total = float(project.total_investment)
    if project.stage == Stage.RESERVE:
        return []
    plans = []
    done = 0.0
    for y, weight in zip(span, weights, strict=True):
        share = weight / sum(weights)
        if project.stage == Stage.PRELIMINARY:
            share = rng.uniform(0.03, 0.12)
        if y in years:
            plans.append(AnnualPlan(
                project=project, year=y, planned_investment=money(max(10, round(total * share, -1))),
                prior_cumulative=money(round(done * rng.uniform(0.9, 1.0), 1)),
                milestones=rng.choice(["完成主体工程建设", "完成年度投资计划，主体结构封顶", "完成设备安装并试生产",
                                       "完成前期手续办理并开工建设", "完成竣工验收"]),
            ))
        done += total * share
    return plans


def _targets(profile: str, rng, month: int) -> tuple[float, bool]:
    """The share of the plan done by the latest month, and whether the latest month is missing."""
    elapsed = float(time_elapsed_pct(month))
    if profile == "yellow":
        return max(0.0, elapsed - rng.uniform(11, 19)) / 100, False
    if profile == "red":
        return max(0.0, elapsed - rng.uniform(22, 45)) / 100, False
    if profile == "over":
        return rng.uniform(1.02, 1.25), False
    if profile == "missing":
        return elapsed * rng.uniform(0.93, 1.1) / 100, True
    return elapsed * rng.uniform(0.93, 1.15) / 100, False


def _progress(project: Project, plan: AnnualPlan, pace: dict, months: list[int], last_period: tuple[int, int],
              hq_user, now) -> list[MonthlyProgress]:
    """Increasing year-to-date figures for ``months`` of the plan's year."""
    rng = pace["rng"]
    year = plan.year
    if not months:
        return []
    final_month = months[-1]
    is_current = (year, final_month) == last_period
    if is_current:
        final_share, skip_last = _targets(pace["profile"], rng, final_month)
    else:
        final_share, skip_last = rng.uniform(0.85, 1.1) * final_month / 12, False
    if pace["profile"] == "stopped":
        months = months[: max(1, len(months) // 3)]
    elif skip_last and len(months) > 1:
        months = months[:-1]
    curve = rng.uniform(0.85, 1.25)
    track, floors = rng.randint(0, 2), rng.randint(3, 18)
    total = float(project.total_investment) or 1.0
    reporter = names.person(rng)
    planned = float(plan.planned_investment)
    rows = []
    previous = Decimal("0")
    for m in months:
        share = final_share * (m / final_month) ** curve
        ytd = max(previous, money(round(planned * share, 1)))
        previous = ytd
        latest = (year, m) == last_period
        status = (ProgressStatus.VERIFIED if not latest
                  else rng.choice([ProgressStatus.SUBMITTED, ProgressStatus.SUBMITTED, ProgressStatus.DRAFT]))
        stamp = timezone.make_aware(datetime.datetime(year + (m == 12), m % 12 + 1, rng.randint(1, 5), 9, 30))
        rows.append(MonthlyProgress(
            project=project, year=year, month=m, completed_ytd=ytd,
            image_progress=names.image_progress((float(plan.prior_cumulative) + float(ytd)) / total, track, floors),
            problems=rng.choice(names.PROBLEMS) if pace["profile"] in ("yellow", "red") and rng.random() < 0.7 else "",
            status=status,
            reporter_name=reporter,
            submitted_at=min(stamp, now) if status != ProgressStatus.DRAFT else None,
            verified_by=hq_user if status == ProgressStatus.VERIFIED else None,
            verified_at=min(stamp + datetime.timedelta(days=2), now) if status == ProgressStatus.VERIFIED else None,
        ))
    return rows


def _demo_images() -> list:
    """A few generated site pictures (Wagtail images), made once."""
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    from PIL import Image as PILImage
    from PIL import ImageDraw

    image_model = get_image_model()
    existing = list(image_model.objects.filter(title__startswith=PHOTO_TITLE).order_by("title"))
    if existing:
        return existing
    palette = [("#9cc3e6", "#8d6e4c", "#c9c9c9"), ("#b7d4ea", "#7a8f4e", "#d9a441"), ("#a9c8e0", "#6b5a45", "#e06c3c"),
               ("#c4dbee", "#5f7f3a", "#b0b0b0"), ("#9fbfd9", "#8a7355", "#3c78b4"), ("#bcd5e8", "#6e6e6e", "#d94f3a")]
    images = []
    for number, (sky, ground, frame) in enumerate(palette, start=1):
        picture = PILImage.new("RGB", (800, 500), sky)
        draw = ImageDraw.Draw(picture)
        draw.rectangle((0, 330, 800, 500), fill=ground)
        left = 120 + number * 40
        floors = 2 + number
        for floor in range(floors):
            top = 330 - (floor + 1) * 42
            draw.rectangle((left, top, left + 300, top + 40), outline=frame, width=6)
        draw.line((left + 380, 330, left + 380, 60), fill="#f2c12e", width=10)  # a tower crane
        draw.line((left + 250, 70, left + 560, 70), fill="#f2c12e", width=8)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=80)
        image = image_model(title=f"{PHOTO_TITLE} {number}")
        image.file = ImageFile(buffer, name=f"demo-site-{number}.jpg")
        image.save()
        images.append(image)
    return images


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


def _events(year: int, month: int, projects: list[Project], rng) -> dict[str, int]:
    """Two groundbreaking rounds and an observation meeting in ``year``, when missing."""
    created = {"rounds": 0, "meetings": 0}
    starting = [p for p in projects if p.start_year == year and p.stage == Stage.CONSTRUCTION]
    building = [p for p in projects if p.stage in (Stage.CONSTRUCTION, Stage.COMPLETED, Stage.IN_USE)]
    rounds = [
        (f"{year}年第一批重大项目集中开工活动", datetime.date(year, 3, 18), False, "上犹工业园城东片区"),
        (f"{year}年第二批重大项目集中开竣工活动", datetime.date(year, 9, 16), False, "东山镇"),
    ]
    for title, date, completion, place in rounds:
        if GroundbreakingRound.objects.filter(title=title, date=date).exists():
            continue
        event = GroundbreakingRound(title=title, date=date, level=ActionLevel.COUNTY, is_completion=completion,
                                    location=place, notes=EVENT_NOTE)
        event.projects = rng.sample(starting, min(len(starting), rng.randint(8, 15))) if starting else []
        event.save()
        created["rounds"] += 1
    title, date = f"{year}年上半年重大项目现场观摩会", datetime.date(year, 6, 26)
    if not ObservationMeeting.objects.filter(title=title, date=date).exists():
        meeting = ObservationMeeting(
            title=title, date=date, level=ActionLevel.COUNTY,
            comments=f"{EVENT_NOTE}。观摩项目整体推进有力，工业项目建设进度较快；部分项目征地拆迁、要素保障仍需加力。",
        )
        meeting.projects = rng.sample(building, min(len(building), 8)) if building else []
        meeting.save()
        created["meetings"] += 1
    return created


def delete_demo_data() -> dict[str, int]:
    """Remove every demo row (projects and their plans, months and photos; events; users; images)."""
    from wagtail.images import get_image_model

    counts = {
        "projects": Project.objects.filter(code__startswith=CODE_PREFIX).delete()[1].get("registers.Project", 0),
        "rounds": GroundbreakingRound.objects.filter(notes=EVENT_NOTE).delete()[0],
        "meetings": ObservationMeeting.objects.filter(comments__startswith=EVENT_NOTE).delete()[0],
        "users": get_user_model().objects.filter(username__in=DEMO_USERS).delete()[0],
    }
    for image in get_image_model().objects.filter(title__startswith=PHOTO_TITLE):
        image.delete()
    return counts


def _new_projects(projects: int, seed: int, year: int, month: int, ctx: _Context, volume: bool):
    """The demo projects not yet in the register, saved, with their paces."""
    existing = set(Project.objects.filter(code__startswith=CODE_PREFIX).values_list("code", flat=True))
    new_projects, paces = [], []
    for index in range(1, projects + 1):
        if f"{CODE_PREFIX}{index:05d}" in existing:
            continue
        project, pace = _project(index, seed, year, month, ctx, volume)
        new_projects.append(project)
        paces.append(pace)
    Project.objects.bulk_create(new_projects, batch_size=500)
    Through = Project.townships.through
    Through.objects.bulk_create([Through(project_id=p.pk, unit_id=p._demo_township.pk)
                                 for p in new_projects if p._demo_township], batch_size=1000)
    return new_projects, paces


def _plans_and_months(new_projects, paces, years, periods, period, hq_user):
    """Each new project's annual plans and monthly progress, saved."""
    now = timezone.now()
    plans: list[AnnualPlan] = []
    progress: list[MonthlyProgress] = []
    for project, pace in zip(new_projects, paces, strict=True):
        project_plans = _plans(project, pace["rng"], years)
        plans += project_plans
        for plan in project_plans:
            plan_months = [m for y, m in periods if y == plan.year]
            progress += _progress(project, plan, pace, plan_months, period, hq_user, now)
    AnnualPlan.objects.bulk_create(plans, batch_size=1000)
    MonthlyProgress.objects.bulk_create(progress, batch_size=1000)
    return plans, progress


def _photos(progress, period, seed: int) -> list[ProgressPhoto]:
    """Site photos on every third project's latest month up to the period, most first ones public."""
    images = _demo_images()
    rng = random.Random(f"{seed}:photos")  # noqa: S311
    latest: dict[int, MonthlyProgress] = {}
    for row in progress:
        if (row.year, row.month) <= period:
            latest[row.project_id] = row
    photos = []
    for number, row in enumerate(latest.values()):
        if number % 3:
            continue
        for order in range(rng.randint(1, 2)):
            photos.append(ProgressPhoto(progress=row, image=rng.choice(images), sort_order=order,
                                        caption=row.image_progress, is_public=order == 0 and rng.random() < 0.75))
    ProgressPhoto.objects.bulk_create(photos, batch_size=1000)
    return photos


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
    new_projects, paces = _new_projects(projects, seed, year, month, ctx, volume)
    plans, progress = _plans_and_months(new_projects, paces, years, periods, (year, month), hq_user)
    photos: list[ProgressPhoto] = []
    if not volume and new_projects:
        photos = _photos(progress, (year, month), seed)
        from wagtail.search.backends import get_search_backends

        for backend in get_search_backends():
            backend.add_bulk(Project, new_projects)
    events = _events(year, month, new_projects, random.Random(f"{seed}:events"))  # noqa: S311
    result.created.update(projects=len(new_projects), plans=len(plans), progress=len(progress),
                          photos=len(photos), **events)
    return result

