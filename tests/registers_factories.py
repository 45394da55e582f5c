"""Small builders for register tests, on the factories of ``tests.factories``: users in role groups
with a unit, projects with a plan, months of progress, projects in bulk, the admin's progress form,
and each register's admin viewset (to reverse its URLs by name). The seed (domains, units, groups)
comes from the session fixture."""

from decimal import Decimal

from wagtail.snippets.models import get_snippet_models

from registers.core.scopes import GROUP_HQ, GROUP_LEAD, GROUP_REPORTER
from registers.models import AnnualPlan, MonthlyProgress, Project
from snippets.models import Domain, Unit
from tests.factories import (
    AnnualPlanFactory,
    MonthlyProgressFactory,
    ProjectFactory,
    UnitMembershipFactory,
    UserFactory,
)


def viewset(model):
    """The model's snippet viewset: ``reverse(viewset(Project).get_url_name("list"))``."""
    get_snippet_models()  # loads the wagtail_hooks modules, which register the viewsets
    return model.snippet_viewset


def unit(name: str) -> Unit:
    """A seeded unit by any name it goes by (a typo fails here rather than making a new unit)."""
    found = Unit.objects.resolve(name)
    assert found is not None, name
    return found


def domain(code: str) -> Domain:
    return Domain.objects.get(code=code)


def make_user(username: str, group: str | None = None, unit_name: str | None = None, *, superuser=False,
              leader_name: str = ""):
    user = UserFactory(username=username, superuser=superuser, groups=[group] if group else [])
    if unit_name or leader_name:
        UnitMembershipFactory(user=user, unit=unit(unit_name) if unit_name else None, leader_name=leader_name)
    return user


def hq_user(username="hq"):
    return make_user(username, GROUP_HQ, "县发改委")


def agri_lead(username="agri"):
    return make_user(username, GROUP_LEAD, "县农业农村局")


def reporter(username="dongshan", unit_name="东山镇"):
    return make_user(username, GROUP_REPORTER, unit_name)


def make_project(name=None, domain_code="agriculture", unit_name="东山镇", *, year=2024, plan=None,
                 total=Decimal("5000"), **fields) -> Project:
    """A project of ``domain_code`` and ``unit_name`` under way in ``year``, with that year's plan
    when ``plan`` is given."""
    if name is not None:
        fields["name"] = name
    return ProjectFactory(domain=domain(domain_code), responsible_unit=unit(unit_name), year=year, plan=plan,
                          total_investment=total, **fields)


def add_progress(project, year, month, ytd, **fields) -> MonthlyProgress:
    """A month as a unit reports it (submitted); pass status="draft" for a month only saved."""
    return MonthlyProgressFactory(project=project, year=year, month=month, completed_ytd=Decimal(ytd),
                                  **fields)


def progress_post(project, **overrides) -> dict:
    """The admin's monthly-progress form as a browser posts it (no photos), with ``overrides``."""
    data = {
        "project": project.pk, "year": 2024, "month": 6, "completed_ytd": "300", "image_progress": "主体结构封顶",
        "problems": "", "remarks": "", "reporter_name": "", "status": "draft",
        "photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0, "photos-MIN_NUM_FORMS": 0, "photos-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return data


def bulk_projects(n: int, start: int = 0, *, prefix: str = "批量项目", code_prefix: str = "B",
                  status: str = "draft") -> None:
    """``n`` projects in two domains (agriculture, industry), each with a 2024 plan of 1,000 and the
    months 5 and 6 of 2024 (year-to-date 500 and 600) in ``status``, written in bulk."""
    domains = [domain("agriculture"), domain("industry")]
    units = [unit("东山镇"), unit("县工信局")]
    projects = Project.objects.bulk_create([
        ProjectFactory.build(name=f"{prefix}{i}", code=f"{code_prefix}{i:06d}", domain=domains[i % 2],
                             responsible_unit=units[i % 2], total_investment=Decimal("20000"))
        for i in range(start, start + n)
    ])
    through = Project.townships.through
    through.objects.bulk_create([through(project_id=p.pk, unit_id=units[0].pk) for p in projects])
    AnnualPlan.objects.bulk_create(
        [AnnualPlanFactory.build(project=p, planned_investment=Decimal("1000")) for p in projects]
    )
    MonthlyProgress.objects.bulk_create(
        [MonthlyProgressFactory.build(project=p, month=m, completed_ytd=Decimal(100 * m), status=status)
         for p in projects for m in (5, 6)]
    )
