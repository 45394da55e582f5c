"""``manage.py demo_data``: counts, determinism, idempotence, the demo users and their scopes; names that
never take a real sheet's, plans near the domains' targets, finished projects that read finished, the
directory of commissioners."""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

import pytest

from registers.core.periods import reporting_period
from registers.core.scopes import GROUP_HQ, GROUP_LEAD, GROUP_LEADER, GROUP_REPORTER
from registers.imports.pipeline import run_import
from registers.models import (
    AnnualPlan,
    GroundbreakingRound,
    MonthlyProgress,
    ObservationMeeting,
    ProgressPhoto,
    Project,
)
from registers.projects import demo_names as names
from registers.projects.demo import CODE_PREFIX, DEMO_USERS, delete_demo_data, load_demo_data, window
from snippets.models import AcceptanceCommissioner, DomainTarget
from tests.import_helpers import sample

pytestmark = pytest.mark.django_db


def snapshot():
    projects = list(Project.objects.filter(code__startswith=CODE_PREFIX).order_by("code").values_list(
        "code", "name", "domain__code", "stage", "owner_name", "responsible_unit__name",
        "total_investment", "start_year", "end_year", "is_public"))
    plans = list(AnnualPlan.objects.order_by("project__code", "year").values_list(
        "project__code", "year", "planned_investment", "prior_cumulative"))
    months = list(MonthlyProgress.objects.order_by("project__code", "year", "month").values_list(
        "project__code", "year", "month", "completed_ytd", "image_progress", "status"))
    return projects, plans, months


def test_command_fills_projects_plans_months_and_prints_the_users():
    out = StringIO()
    call_command("demo_data", "--projects", "60", "--seed", "5", "--password", "demo-pass-1", stdout=out)
    text = out.getvalue()
    assert "新建项目 60 个" in text
    for username in DEMO_USERS:
        assert username in text
    assert "demo-pass-1" in text

    assert Project.objects.filter(code__startswith=CODE_PREFIX).count() == 60
    assert set(Project.objects.values_list("domain__code", flat=True)) == {
        "industry", "agriculture", "services", "infrastructure", "new_infrastructure", "public_services"}
    assert Project.objects.filter(code__startswith=CODE_PREFIX, is_public=False).exists()
    year, month = reporting_period()
    assert AnnualPlan.objects.filter(year=year).count() > 40
    assert MonthlyProgress.objects.filter(year=year, month=month).exists()
    assert (ProgressPhoto.objects.filter(is_public=True).exists()
            and ProgressPhoto.objects.filter(is_public=False).exists())
    assert GroundbreakingRound.objects.filter(date__year=year).count() == 2
    assert GroundbreakingRound.objects.filter(date__year=year).first().projects.exists()
    assert ObservationMeeting.objects.filter(date__year=year).count() == 1


def test_figures_have_lagging_missing_and_over_plan_projects_and_ytd_never_decreases():
    load_demo_data(projects=120, seed=11)
    year, month = reporting_period()
    figures = Project.objects.in_year(year).with_figures(year, month)
    assert figures.lagging().filter(lag_level="yellow").exists()
    assert figures.lagging().filter(lag_level="red").exists()
    assert figures.filter(over_plan=True).exists()
    assert figures.filter(lag_level="green", over_plan=False).count() > figures.lagging().count()
    assert figures.filter(stage="construction").missing_report().exists()
    previous = {}
    for code, y, ytd in MonthlyProgress.objects.order_by("project__code", "year", "month").values_list(
            "project__code", "year", "completed_ytd"):
        assert ytd >= previous.get((code, y), 0), (code, y)
        previous[(code, y)] = ytd
    assert all(row.image_progress for row in MonthlyProgress.objects.all()[:50])


def test_same_seed_same_rows_other_seed_other_rows():
    load_demo_data(projects=40, seed=3, password="x")
    first = snapshot()
    delete_demo_data()
    assert not Project.objects.filter(code__startswith=CODE_PREFIX).exists()
    load_demo_data(projects=40, seed=3, password="x")
    assert snapshot() == first
    load_demo_data(projects=40, seed=4, password="x", reset=True)
    assert snapshot()[0] != first[0]


def test_second_run_creates_nothing_and_more_projects_only_adds():
    load_demo_data(projects=30, seed=9, password="x")
    counts = (Project.objects.count(), AnnualPlan.objects.count(), MonthlyProgress.objects.count(),
              ProgressPhoto.objects.count(), GroundbreakingRound.objects.count(), ObservationMeeting.objects.count(),
              get_user_model().objects.count())
    again = load_demo_data(projects=30, seed=9, password="x")
    assert again.created["projects"] == again.created["progress"] == again.created["rounds"] == 0
    assert counts == (Project.objects.count(), AnnualPlan.objects.count(), MonthlyProgress.objects.count(),
                      ProgressPhoto.objects.count(), GroundbreakingRound.objects.count(),
                      ObservationMeeting.objects.count(), get_user_model().objects.count())
    before = snapshot()[0]
    load_demo_data(projects=35, seed=9, password="x")
    after = snapshot()[0]
    assert len(after) == 35 and after[:30] == before


def test_demo_users_have_their_groups_units_and_scopes():
    load_demo_data(projects=80, seed=2, password="demo-pass-2")
    user_model = get_user_model()
    expected = {
        "demo_hq": (GROUP_HQ, "上犹县发展和改革委员会"),
        "demo_agri": (GROUP_LEAD, "上犹县农业农村局"),
        "demo_dongshan": (GROUP_REPORTER, "东山镇人民政府"),
        "demo_leader": (GROUP_LEADER, "上犹县人民政府办公室"),
    }
    for username, (group, unit) in expected.items():
        user = user_model.objects.get(username=username)
        assert user.check_password("demo-pass-2")
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.membership.unit.name == unit
        assert user.has_perm("wagtailadmin.access_admin")
    demo = Project.objects.filter(code__startswith=CODE_PREFIX)
    agri = demo.for_user(user_model.objects.get(username="demo_agri"))
    assert agri.exists() and set(agri.values_list("domain__code", flat=True)) == {"agriculture"}
    dongshan = demo.for_user(user_model.objects.get(username="demo_dongshan"))
    assert dongshan.exists()
    assert all("东山镇" in (p.responsible_unit.name + (p.owner_unit.name if p.owner_unit else "") + p.place)
               for p in dongshan)  # its own projects, and those that lie in the township
    assert demo.for_user(user_model.objects.get(username="demo_leader")).exists()
    assert demo.for_user(user_model.objects.get(username="demo_hq")).count() == 80


def test_volume_mode_makes_twelve_months_per_project():
    result = load_demo_data(projects=50, seed=1, volume=True, months=12)
    assert result.created["photos"] == 0
    assert set(Project.objects.values_list("stage", flat=True)) == {"construction"}
    per_project = Counter(MonthlyProgress.objects.values_list("project_id", flat=True))
    assert len(per_project) == 50
    # every project reports the 12 months; a few "missing this month" ones lack only the latest
    assert set(per_project.values()) <= {11, 12}
    assert sum(1 for n in per_project.values() if n == 12) > 40


def test_window_of_months():
    assert window(2026, 3, 12) == [(2025, m) for m in range(4, 13)] + [(2026, m) for m in (1, 2, 3)]
    assert window(2026, 2, None)[0] == (2025, 1) and window(2026, 2, None)[-1] == (2026, 2)
    assert len(window(2026, 2, None)) == 14


# --- realistic figures (issue 8): names, targets, finished projects, the directory ---------------

def sample_names() -> set[str]:
    """The project names of the bureau's 2022 sheet (rows numbered by 序号), normalised."""
    from registers.sheets.reading import read_book
    from snippets.normalize import normalize_name

    rows = read_book(sample("projects_2022_full.xlsx"))[0].rows
    return {normalize_name(row[1]) for row in rows
            if len(row) > 1 and row[1] and str(row[0] or "").strip().isdigit()}


def demo_names():
    return list(Project.objects.filter(code__startswith=CODE_PREFIX).values_list("normalized_name", flat=True))


def test_names_are_unique_and_each_carries_a_demo_mark():
    load_demo_data(projects=300, seed=2021, password="x")
    found = demo_names()
    assert len(found) == 300
    assert len(set(found)) == len(found), Counter(found).most_common(3)
    assert all(any(mark in name for mark in names.DEMO_MARKS) for name in found)


def test_no_demo_name_or_mark_is_in_the_sample_sheet():
    taken = sample_names()
    assert len(taken) == 600
    text = "\n".join(taken)
    assert [mark for mark in names.DEMO_MARKS if mark in text] == []
    for seed in (1, 2021):
        load_demo_data(projects=300, seed=seed, password="x", reset=True)
        assert set(demo_names()).isdisjoint(taken)


def test_the_sample_sheet_imports_on_a_demo_site():
    path = sample("projects_2022_full.xlsx")
    load_demo_data(projects=300, seed=2021, password="x")
    result = run_import("projects", path)
    assert result.errors == [], [str(e) for e in result.errors][:5]
    assert result.status_counts()["new"] == 600
    assert Project.objects.exclude(code__startswith=CODE_PREFIX).count() == 600


@pytest.mark.parametrize("seed", [2021, 7])
def test_each_domains_plans_are_near_its_target_with_a_few_lagging_and_missing(seed):
    load_demo_data(projects=300, seed=seed, password="x")
    year, month = reporting_period()
    figures = Project.objects.in_year(year).with_figures(year, month)
    for target in DomainTarget.objects.filter(year=year).select_related("domain"):
        plans = AnnualPlan.objects.filter(year=year, project__domain=target.domain)
        planned = plans.aggregate(s=Sum("planned_investment"))["s"]
        assert Decimal("0.8") <= planned / target.target <= Decimal("1.2"), (target.domain.code, planned)
        done = MonthlyProgress.objects.filter(year=year, month=month, project__domain=target.domain).aggregate(
            s=Sum("completed_ytd"))["s"]
        assert Decimal("0.5") <= done / planned <= Decimal("1.05"), (target.domain.code, done / planned)
        domain = figures.filter(domain=target.domain)
        assert 1 <= domain.lagging().count() <= domain.count() // 4, target.domain.code
        missing = domain.filter(stage="construction").missing_report().count()
        assert 1 <= missing <= domain.count() // 4, target.domain.code


def test_a_finished_project_reads_finished_at_its_whole_plan():
    load_demo_data(projects=300, seed=2021, password="x")
    year, month = reporting_period()
    finished = Project.objects.filter(code__startswith=CODE_PREFIX, stage__in=["completed", "in_use"])
    assert finished.count() >= 10
    for project in finished:
        assert project.actual_completion_date and project.actual_completion_date <= datetime.date(year, month, 28)
        latest = project.progress.filter(year=year).order_by("-month").first()
        plan = project.annual_plans.get(year=year)
        assert latest.month == month
        assert "竣工" in latest.image_progress, latest.image_progress
        assert latest.completed_ytd == plan.planned_investment
    building = MonthlyProgress.objects.filter(project__code__startswith=CODE_PREFIX, project__stage="construction")
    assert not building.filter(image_progress__contains="竣工投用").exists()


def test_commissioners_fill_the_public_directory_once():
    from registers.projects.demo_directory import DESKS

    first = load_demo_data(projects=10, seed=3, password="x")
    desks = AcceptanceCommissioner.objects.filter(mobile__startswith="100-0000-")
    assert first.created["commissioners"] == desks.count() >= 3 * len(DESKS)
    assert desks.published().count() == desks.count()
    assert desks.values("unit").distinct().count() == len(DESKS)
    assert all(c.matters and c.post and c.office_phone for c in desks)
    for commissioner in desks[:20]:
        commissioner.full_clean()
    assert load_demo_data(projects=10, seed=3, password="x").created["commissioners"] == 0
    delete_demo_data()
    assert not AcceptanceCommissioner.objects.exists()


def test_same_seed_same_figures_and_commissioners():
    def everything():
        desks = list(AcceptanceCommissioner.objects.order_by("unit__name", "name").values_list(
            "unit__name", "name", "post", "office_phone", "mobile"))
        places = sorted(Project.townships.through.objects.values_list("project__code", "unit__name"))
        return snapshot(), desks, places

    load_demo_data(projects=120, seed=5, password="x")
    first = everything()
    load_demo_data(projects=120, seed=5, password="x", reset=True)
    assert everything() == first
