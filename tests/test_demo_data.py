"""``manage.py demo_data``: counts, determinism, idempotence, the demo users and their scopes."""

from collections import Counter
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

from registers.core.periods import reporting_period
from registers.core.scopes import GROUP_HQ, GROUP_LEAD, GROUP_LEADER, GROUP_REPORTER
from registers.models import (
    AnnualPlan,
    GroundbreakingRound,
    MonthlyProgress,
    ObservationMeeting,
    ProgressPhoto,
    Project,
)
from registers.projects.demo import CODE_PREFIX, DEMO_USERS, delete_demo_data, load_demo_data, window

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
