"""The samples import with the exact figures of their answer keys (shared/samples/*.answers.json)."""

import json
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from wagtail.models import Revision

import pytest

from registers.imports.pipeline import accepted_totals, run_import
from registers.models import AnnualPlan, MonthlyProgress, Project
from snippets.models import AcceptanceCommissioner, Unit
from tests.import_helpers import sample
from tests.registers_factories import reporter

pytestmark = pytest.mark.django_db
TOL = Decimal("0.05")


def answers(name):
    return json.loads(sample(name).read_text(encoding="utf-8"))


def import_projects(user=None):
    result = run_import("projects", sample("projects_2022_full.xlsx"), user=user)
    assert result.ok, [str(e) for e in result.errors][:5]
    return result


def domain_totals(year, month):
    out = {}
    for domain in Project.objects.values_list("domain__name", flat=True).distinct():
        plans = AnnualPlan.objects.filter(year=year, project__domain__name=domain)
        out[domain] = {
            "count": Project.objects.filter(domain__name=domain).count(),
            "total_investment": Project.objects.filter(domain__name=domain).aggregate(s=Sum("total_investment"))["s"],
            "annual_plan": plans.aggregate(s=Sum("planned_investment"))["s"],
            "prior_cumulative": plans.aggregate(s=Sum("prior_cumulative"))["s"],
            "completed": MonthlyProgress.objects.filter(year=year, month=month, project__domain__name=domain)
            .aggregate(s=Sum("completed_ytd"))["s"],
        }
    return out


def test_projects_sample_totals_per_domain_and_revisions():
    key = answers("projects_2022_full.answers.json")
    result = import_projects()
    assert (result.year, result.month) == (2022, 5)
    assert result.status_counts()["new"] == 600
    totals = domain_totals(2022, 5)
    assert set(totals) == set(key["domains"])
    for domain, expected in key["domains"].items():
        assert totals[domain]["count"] == expected["count"]
        for field in ("total_investment", "annual_plan", "prior_cumulative", "completed"):
            assert abs(totals[domain][field] - Decimal(str(expected[field]))) <= TOL, (domain, field)
        plans = AnnualPlan.objects.filter(year=2022, project__domain__name=domain)
        assert plans.filter(planned_investment__gte=10000).count() == expected["plan_ge_10000"]
        assert plans.filter(planned_investment__gte=50000).count() == expected["plan_ge_50000"]
        natures = {label: Project.objects.filter(domain__name=domain, nature=value).count()
                   for value, label in [("new", "新建"), ("continuing", "续建"), ("preliminary", "前期")]}
        assert natures == expected["by_nature"]
    # Section and 合计 rows are never projects.
    assert not Project.objects.filter(name__startswith="合计").exists()
    assert not Project.objects.filter(name__contains="项目（").filter(name__regex=r"^[一二三四五六]、").exists()
    # One revision per project and per progress row, each with who and when.
    assert Revision.objects.filter(base_content_type__model="project").count() == 600
    assert Revision.objects.filter(base_content_type__model="monthlyprogress").count() == 600
    project = Project.objects.get(name="江西卓远新材料科技有限公司年产3万吨玻纤短切毡项目")
    assert project.latest_revision is not None and project.latest_revision.created_at
    assert project.latest_revision.content["name"] == project.name
    assert project.responsible_unit == Unit.objects.resolve("县工业园管委会")
    assert project.owner_name == "江西卓远新材料科技有限公司" and project.owner_unit is None
    owned = Project.objects.get(name="上犹工业园东山片区道路及管网工程")
    assert owned.owner_name == "县城投公司" and owned.owner_unit == Unit.objects.resolve("县城投公司")


def test_reimporting_the_same_file_changes_nothing():
    import_projects()
    before = (Revision.objects.count(), list(Project.objects.order_by("pk").values_list("updated_at", flat=True)))
    again = run_import("projects", sample("projects_2022_full.xlsx"))
    assert again.ok and again.status_counts()["unchanged"] == 600 and not again.changed
    assert "未作任何修改" in again.summary()
    after = (Revision.objects.count(), list(Project.objects.order_by("pk").values_list("updated_at", flat=True)))
    assert after == before


def test_progress_sample_rejects_exactly_three_rows_and_writes_nothing():
    key = answers("progress_2022_06.answers.json")
    import_projects()
    result = run_import("progress", sample("progress_2022_06.xlsx"))
    assert (result.year, result.month) == (2022, 6)
    rejected = sorted((e.sheet, e.row) for e in result.errors)
    assert rejected == sorted((r["sheet"], r["row"]) for r in key["rejected_rows"])
    codes = {(e.sheet, e.row): e.code for e in result.errors}
    reasons = {
        "unknown_project": "unknown_project",
        "duplicate_row": "duplicate_row",
        "negative_number": "negative_number",
    }
    for row in key["rejected_rows"]:
        assert codes[(row["sheet"], row["row"])] == reasons[row["reason"]]
        if row["reason"] == "duplicate_row":
            error = next(e for e in result.errors if e.row == row["row"])
            assert f"第{row['duplicate_of_row']}行" in error.reason
        if "cell" in row:
            error = next(e for e in result.errors if e.row == row["row"])
            assert error.column.startswith(row["cell"][0])
    # Above the annual plan: accepted but flagged.
    flagged = sorted((w.sheet, w.row) for w in result.warnings if w.code == "above_plan")
    assert flagged == sorted((r["sheet"], r["row"]) for r in key["flagged_rows_accepted"])
    blank = sorted((w.sheet, w.row) for w in result.warnings if w.code == "blank_as_zero")
    assert blank == sorted((r["sheet"], r["row"]) for r in key["warnings_accepted"])
    # The rows that would be accepted add up to the answer key, per domain.
    totals = accepted_totals(result)
    for domain, expected in key["accepted_totals_by_domain"].items():
        assert totals[domain]["count"] == expected["count"]
        assert abs(totals[domain]["completed_ytd"] - Decimal(str(expected["completed_1_6"]))) <= TOL
        assert abs(totals[domain]["total_investment"] - Decimal(str(expected["total_investment"]))) <= TOL
        assert abs(totals[domain]["annual_plan"] - Decimal(str(expected["annual_plan"]))) <= TOL
    # All or nothing: no June row written.
    assert not MonthlyProgress.objects.filter(year=2022, month=6).exists()


def test_progress_without_the_bad_rows_imports_june(tmp_path):
    import openpyxl

    key = answers("progress_2022_06.answers.json")
    import_projects()
    workbook = openpyxl.load_workbook(sample("progress_2022_06.xlsx"))
    for row in sorted(key["rejected_rows"], key=lambda r: -r["row"]):
        workbook[row["sheet"]].delete_rows(row["row"])
    path = tmp_path / "progress_clean.xlsx"
    workbook.save(path)
    result = run_import("progress", path)
    assert result.ok, [str(e) for e in result.errors]
    june = MonthlyProgress.objects.filter(year=2022, month=6)
    assert june.count() == key["accepted_totals_overall"]["count"]  # the duplicate's first copy is kept
    total = june.aggregate(s=Sum("completed_ytd"))["s"]
    assert abs(total - Decimal(str(key["accepted_totals_overall"]["completed_1_6"]))) <= TOL
    cleaned = june.get(project__name="上犹县电子商务产业园建设项目")
    assert cleaned.project.total_investment == Decimal("12000.00")  # "1.2亿"
    assert june.get(project__name="上犹中学学生宿舍楼建设项目").completed_ytd >= 0  # U+3000 trimmed, matched
    assert all(p.latest_revision_id for p in june)


def test_commissioners_per_department_forward_filled_and_unpublished_not_deleted(tmp_path):
    import openpyxl

    key = answers("commissioners.answers.json")
    result = run_import("commissioners", sample("commissioners.xlsx"))
    assert result.ok, [str(e) for e in result.errors][:5]
    published = AcceptanceCommissioner.objects.published()
    assert published.count() == key["row_count"] == 120
    for department, count in key["per_department"].items():
        assert published.filter(unit=Unit.objects.resolve(department)).count() == count, department
    first = key["records"][1]  # second row of a merged block: 单位 and 受理事项 filled down
    person = AcceptanceCommissioner.objects.get(name=first["姓名"])
    assert str(person.unit) == Unit.objects.resolve(first["单位"]).__str__()
    assert person.matters == first["受理事项"] and person.mobile == first["手机"]
    # A later sheet without one of the unit's commissioners: unpublished, never deleted.
    workbook = openpyxl.load_workbook(sample("commissioners.xlsx"))
    workbook.active.delete_rows(8)  # 窦某癸 of 县发改委
    path = tmp_path / "later.xlsx"
    workbook.save(path)
    later = run_import("commissioners", path)
    assert later.ok and later.status_counts()["unpublish"] == 1
    gone = AcceptanceCommissioner.objects.get(name="窦某癸")
    assert gone.is_published is False
    assert AcceptanceCommissioner.objects.count() == 120


def test_commissioner_with_bad_mobile_or_unknown_unit_is_an_error(tmp_path):
    from tests.import_helpers import write_xlsx

    path = write_xlsx(tmp_path / "c.xlsx", {"S": [
        ["序号", "单位", "姓名", "职务", "办公电话", "手机", "受理事项"],
        [1, "县发改委", "甲", "股长", "0797-1234567", "100-5731-4280", "审批"],
        [2, None, "乙", "股长", "0797-1234567", "12345", None],
        [3, "县不存在局", "丙", "股长", "0797-1234567", "13800000000", "x"],
    ]})
    result = run_import("commissioners", path)
    errors = {(e.row, e.code) for e in result.errors}
    assert (3, "invalid") in errors and (4, "unknown_unit") in errors
    assert "县不存在局" in str(next(e for e in result.errors if e.row == 4))
    assert not AcceptanceCommissioner.objects.filter(name__in=["甲", "乙", "丙"]).exists()


def test_unit_reporter_cannot_import_another_units_rows():
    import_projects()
    user = reporter("reporter", "县农业农村局")
    result = run_import("projects", sample("projects_2022_full.xlsx"), user=user)
    out_of_scope = [e for e in result.errors if e.code == "out_of_scope"]
    own = Project.objects.filter(responsible_unit=Unit.objects.resolve("县农业农村局")).count()
    assert len(out_of_scope) == 600 - own and own > 0
    assert not result.written


def test_bad_inputs_expected_behaviour(tmp_path):
    expected = answers("bad_inputs/expected.json")
    bad = "bad_inputs/"
    empty = run_import("projects", sample(bad + "empty_workbook.xlsx"))
    assert [e.code for e in empty.errors] == ["bad_file"] and "文件无数据" in empty.errors[0].reason
    renamed = run_import("projects", sample(bad + "renamed_text.xlsx"))
    assert "不是有效的Excel .xlsx 文件" in renamed.errors[0].reason and len(renamed.errors) == 1
    missing = run_import("projects", sample(bad + "missing_name_column.xlsx"))
    assert any("项目名称" in e.reason for e in missing.errors) and not Project.objects.exists()

    gbk = run_import("projects", sample(bad + "gbk_projects.csv"), year=2022)
    assert gbk.ok, [str(e) for e in gbk.errors]
    assert Project.objects.count() == expected["gbk_projects.csv"]["rows"]
    name = expected["gbk_projects.csv"]["gbk_only_name"]
    assert Project.objects.get(name=name).name.encode("utf-8") == name.encode("utf-8")
    totals = expected["gbk_projects.csv"]["totals"]
    assert Project.objects.aggregate(s=Sum("total_investment"))["s"] == Decimal(totals["total_investment"])
    assert MonthlyProgress.objects.filter(month=5).aggregate(s=Sum("completed_ytd"))["s"] == Decimal(
        str(totals["completed_1_5"]))

    formulas = run_import("projects", sample(bad + "formulas_totals.xlsx"))
    assert formulas.ok and formulas.status_counts()["new"] == expected["formulas_totals.xlsx"]["rows"]
    names = expected["formulas_totals.xlsx"]["names"]
    assert Project.objects.filter(name__in=names).count() == len(names)
    assert not Project.objects.filter(name__startswith="=").exists()
    assert not [w for w in formulas.warnings if w.code == "subtotal_mismatch"]  # cached values agree

    long_name = run_import("projects", sample(bad + "long_name_5000.xlsx"))
    [error] = long_name.errors
    assert error.row == expected["long_name_5000.xlsx"]["long_name_row"] and "过长" in error.reason
    assert not Project.objects.filter(name__in=expected["long_name_5000.xlsx"]["other_names"]).exists()

    injection = run_import("projects", sample(bad + "hyperlink_injection.xlsx"))
    assert injection.ok
    for text in expected["hyperlink_injection.xlsx"]["probe_rows"]:
        assert Project.objects.filter(name=text).exists()  # kept verbatim as text; escaped on export


def test_import_command_exit_status_and_error_listing(capsys):
    with pytest.raises(CommandError) as failure:
        call_command("import_sheet", "projects", str(sample("bad_inputs/missing_name_column.xlsx")))
    assert failure.value.returncode == 1
    assert "项目名称" in capsys.readouterr().err
    call_command("import_sheet", "projects", str(sample("projects_2022_full.xlsx")), "--dry-run")
    assert "试运行" in capsys.readouterr().out and not Project.objects.exists()
    call_command("import_sheet", "projects", str(sample("projects_2022_full.xlsx")))
    assert "新增600" in capsys.readouterr().out and Project.objects.count() == 600
