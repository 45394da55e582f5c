"""Small builders for register tests: users in role groups with a unit, projects with a plan,
months of progress. The seed (domains, units, groups) comes from the session fixture."""

from decimal import Decimal
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from registers.core.scopes import GROUP_HQ, GROUP_LEAD, GROUP_REPORTER
from registers.models import AnnualPlan, MonthlyProgress, Project, UnitMembership
from snippets.models import Domain, Unit

PASSWORD = "pw-Test-2024"  # noqa: S105
_seq = count(1)


def unit(name: str) -> Unit:
    found = Unit.objects.resolve(name)
    assert found is not None, name
    return found


def domain(code: str) -> Domain:
    return Domain.objects.get(code=code)


def make_user(username: str, group: str | None = None, unit_name: str | None = None, *, superuser=False,
              leader_name: str = ""):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    else:
        user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if unit_name or leader_name:
        UnitMembership.objects.create(user=user, unit=unit(unit_name) if unit_name else None, leader_name=leader_name)
    return user


def hq_user(username="hq"):
    return make_user(username, GROUP_HQ, "县发改委")


def agri_lead(username="agri"):
    return make_user(username, GROUP_LEAD, "县农业农村局")


def reporter(username="dongshan", unit_name="东山镇"):
    return make_user(username, GROUP_REPORTER, unit_name)


def make_project(name=None, domain_code="agriculture", unit_name="东山镇", *, year=2024, plan=None,
                 total=Decimal("5000"), **fields) -> Project:
    n = next(_seq)
    project = Project.objects.create(
        name=name or f"测试项目{n}", code=fields.pop("code", f"T{n:05d}"), domain=domain(domain_code),
        responsible_unit=unit(unit_name), start_year=fields.pop("start_year", year - 1),
        end_year=fields.pop("end_year", year + 1), total_investment=total, **fields,
    )
    if plan is not None:
        AnnualPlan.objects.create(project=project, year=year, planned_investment=Decimal(plan))
    return project


def add_progress(project, year, month, ytd, **fields) -> MonthlyProgress:
    """A month as a unit reports it (submitted); pass status="draft" for a month only saved."""
    fields.setdefault("status", "submitted")
    return MonthlyProgress.objects.create(project=project, year=year, month=month, completed_ytd=Decimal(ytd), **fields)


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
        Project(name=f"{prefix}{i}", normalized_name=f"{prefix}{i}", code=f"{code_prefix}{i:06d}",
                domain=domains[i % 2], responsible_unit=units[i % 2], township=units[0], start_year=2023,
                end_year=2025, total_investment=Decimal("20000"))
        for i in range(start, start + n)
    ])
    AnnualPlan.objects.bulk_create(
        [AnnualPlan(project=p, year=2024, planned_investment=Decimal("1000")) for p in projects]
    )
    MonthlyProgress.objects.bulk_create(
        [MonthlyProgress(project=p, year=2024, month=m, completed_ytd=Decimal(100 * m), status=status)
         for p in projects for m in (5, 6)]
    )
