"""Review findings of the importer: verified months, blank and uncalculated cells, the progress
rule's total investment and day, the size limit in the one code path, a job whose user is gone,
one definition of "above plan" and of the formula escape, progress sheets that write progress
only, Chinese column names in every message, and the web wording of a missing year."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

import pytest
from openpyxl import Workbook

from registers.imports import progress as row_progress
from registers.imports.pipeline import ImportJob, run_import
from registers.models import AnnualPlan, MonthlyProgress, Project
from registers.projects import rules
from tests.import_helpers import write_xlsx
from tests.registers_factories import add_progress, agri_lead, hq_user, make_project, reporter

pytestmark = pytest.mark.django_db

HEAD = ["序号", "项目编码", "项目类别", "项目名称", "建设起止年限", "总投资", "2024年计划投资", "1-5月完成投资",
        "责任单位", "备注"]


def sheet(tmp_path, rows, head=HEAD, name="s.xlsx"):
    return write_xlsx(tmp_path / name, {"农业": [["上犹县2024年重大项目调度表"], ["单位：万元"], head, *rows]})


def row(project, total=None, plan=None, ytd=None, remarks="", years="2023-2025"):
    return [1, project.code, "农业", project.name, years, total, plan, ytd, "东山镇", remarks]


# 1. A verified month -------------------------------------------------------------------------


def test_verified_change_rule():
    assert rules.verified_change(verified=False, changed=True, may_verify=False) == ("", {})
    assert rules.verified_change(verified=True, changed=False, may_verify=False) == ("", {})
    error, reset = rules.verified_change(verified=True, changed=True, may_verify=False)
    assert error and not reset
    assert rules.verified_change(verified=True, changed=True, may_verify=True) == (
        "", {"status": "submitted", "verified_by_id": None, "verified_at": None})


def verified_month():
    project = make_project(domain_code="agriculture", unit_name="东山镇", plan="800")
    checker = hq_user("checker")
    month = add_progress(project, 2024, 5, "100", status="verified", verified_by=checker,
                         verified_at=timezone.now())
    return project, month


def test_a_reporter_cannot_change_a_verified_month_by_import(tmp_path):
    project, month = verified_month()
    path = sheet(tmp_path, [row(project, 5000, 800, 150)])
    result = run_import("progress", path, user=reporter(), year=2024, month=5)
    assert [e.code for e in result.errors] == ["verified"]
    assert "已审核" in result.errors[0].reason
    month.refresh_from_db()
    assert (month.status, month.completed_ytd, month.verified_by_id is not None) == ("verified", Decimal("100"), True)
    # Unchanged figures are no change: the same sheet with the verified figure imports.
    same = run_import("progress", sheet(tmp_path, [row(project, 5000, 800, 100)], name="same.xlsx"),
                      user=reporter("dongshan2"), year=2024, month=5)
    assert same.ok, [str(e) for e in same.errors]


def test_a_verifier_changing_a_verified_month_resets_it_to_submitted(tmp_path):
    project, month = verified_month()
    result = run_import("progress", sheet(tmp_path, [row(project, 5000, 800, 150)]), user=agri_lead(),
                        year=2024, month=5)
    assert result.ok and result.written, [str(e) for e in result.errors]
    month.refresh_from_db()
    assert (month.status, month.completed_ytd) == ("submitted", Decimal("150"))
    assert month.verified_by_id is None and month.verified_at is None


# 2. Blank cells ------------------------------------------------------------------------------


def test_blank_money_cells_change_nothing_on_an_existing_project_and_plan(tmp_path):
    project = make_project(plan="800", total=Decimal("5000"))
    result = run_import("projects", sheet(tmp_path, [row(project, None, None, 50)]), year=2024, month=5)
    assert result.ok, [str(e) for e in result.errors]
    project.refresh_from_db()
    assert project.total_investment == Decimal("5000")
    assert AnnualPlan.objects.get(project=project, year=2024).planned_investment == Decimal("800")


def test_blank_total_of_a_new_project_is_zero_with_a_warning(tmp_path):
    new = Project(name="新建测试项目甲", code="NEW001")
    result = run_import("projects", sheet(tmp_path, [row(new, None, 100, 10)]), year=2024, month=5)
    assert result.ok, [str(e) for e in result.errors]
    assert Project.objects.get(code="NEW001").total_investment == 0
    assert [w.code for w in result.warnings if w.row == 4] == ["blank_total"]


def test_a_formula_without_a_cached_value_is_an_error_naming_the_cell(tmp_path):
    project = make_project(plan="800", total=Decimal("5000"))
    workbook = Workbook()
    ws = workbook.active
    ws.title = "农业"
    for values in [["上犹县2024年重大项目调度表"], ["单位：万元"], HEAD, row(project, None, 800, 50)]:
        ws.append(values)
    ws["F4"] = "=G4*6"  # saved by a program that never calculates: no cached value
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    result = run_import("projects", path, year=2024, month=5)
    assert not result.ok and not result.written
    message = str(result.errors[0])
    assert "F4" in message and "公式没有计算结果，请在Excel中重新计算并保存后再导入" in message
    project.refresh_from_db()
    assert project.total_investment == Decimal("5000")


# 3. The progress rule: total investment, and one day per import -------------------------------


def test_ytd_above_total_investment_is_flagged_and_today_is_computed_once(tmp_path, monkeypatch):
    projects = [make_project(total=Decimal("500"), plan="400") for _ in range(3)]
    days = []
    original = row_progress.ytd_errors  # looked up where the month's progress is checked

    def spy(**kwargs):
        days.append(kwargs.get("today"))
        return original(**kwargs)

    monkeypatch.setattr(row_progress, "ytd_errors", spy)
    rows = [row(projects[0], 500, 400, 600), row(projects[1], 500, 400, 100), row(projects[2], 500, 400, 50)]
    result = run_import("projects", sheet(tmp_path, rows), year=2024, month=5)
    assert result.ok  # accepted, as the bureaus' sheets carry such rows (the sample key accepts one)
    flagged = [w for w in result.warnings if w.code == "above_total"]
    assert [w.row for w in flagged] == [4] and "超过项目总投资" in flagged[0].reason
    assert len(days) == 3 and days[0] is not None and len(set(days)) == 1 and isinstance(days[0], date)


# 4. The size limit, in the one code path --------------------------------------------------------


def test_an_oversized_file_is_refused_by_the_command_too(tmp_path, settings, capsys):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    path = tmp_path / "big.csv"
    path.write_text("项目名称,总投资\n" + "某项目,1\n" * 200_000, encoding="utf-8")
    assert path.stat().st_size > 1024 * 1024
    with pytest.raises(CommandError):
        call_command("import_sheet", "projects", str(path), "--year", "2024")
    err = capsys.readouterr().err
    assert "文件过大" in err and "1 MB" in err
    assert run_import("projects", path, year=2024).errors[0].code == "bad_file"


# 5. A job whose user was deleted -----------------------------------------------------------------


def test_a_job_whose_user_was_deleted_is_refused(tmp_path, settings):
    settings.VAR_DIR = str(tmp_path)
    new = Project(name="新建测试项目乙", code="NEW002")
    path = sheet(tmp_path, [row(new, 100, 100, 10)])
    user = hq_user("gone")
    job = ImportJob.create("projects", "s.xlsx", [Path(path).read_bytes()], user=user, year=2024, month=5)
    user.delete()
    result = job.run(confirm=True)
    assert not result.ok and not result.written
    assert "用户已被删除" in result.errors[0].reason
    assert not Project.objects.filter(code="NEW002").exists()
    assert job.state()["confirmed"] is False


# 6. One definition of "above plan", one formula escape -----------------------------------------


def test_above_plan_is_the_rule_and_agrees_with_the_database_twin(tmp_path):
    assert row_progress.above_plan is rules.above_plan
    zero_plan = make_project(total=Decimal("5000"))
    over = make_project(total=Decimal("5000"))
    rows = [row(zero_plan, 5000, 0, 10), row(over, 5000, 100, 120)]
    result = run_import("projects", sheet(tmp_path, rows), year=2024, month=5)
    assert result.ok, [str(e) for e in result.errors]
    flagged = {w.row for w in result.warnings if w.code == "above_plan"}
    assert flagged == {5}  # a zero plan is not "exceeded", as in SQL (plan_amount > 0)
    twin = dict(MonthlyProgress.objects.filter(year=2024, month=5).with_plan().values_list("project_id", "over_plan"))
    assert twin == {zero_plan.pk: False, over.pk: True}


def test_the_importer_undoes_exactly_the_export_escape(tmp_path):
    from registers.core.cells import escape_formula

    project = make_project(plan="800", total=Decimal("5000"))
    remark = "\t=HYPERLINK(\"x\")"
    run = run_import("projects", sheet(tmp_path, [row(project, 5000, 800, 10, remarks=escape_formula(remark))]),
                     year=2024, month=5)
    assert run.ok, [str(e) for e in run.errors]
    project.refresh_from_db()
    assert project.remarks == remark
    # No second definition of the escape in the importer: cell text is read by imports.fields.
    from registers.imports import commissioners, fields, pipeline, projects

    for module in (pipeline, fields, projects, row_progress, commissioners):
        assert not hasattr(module, "FORMULA_PREFIXES"), module.__name__


# 7. A progress sheet writes progress only --------------------------------------------------------


def test_a_progress_sheet_changes_no_project_field_nor_existing_plan(tmp_path):
    planned = make_project(plan="800", total=Decimal("5200"), remarks="省重点")
    unplanned = make_project(total=Decimal("3000"))
    rows = [row(planned, 5170, 900, 120, remarks="改了"), row(unplanned, 3000, 600, 60)]
    result = run_import("progress", sheet(tmp_path, rows), year=2024, month=5)
    assert result.ok and result.written, [str(e) for e in result.errors]
    planned.refresh_from_db()
    assert (planned.total_investment, planned.remarks) == (Decimal("5200"), "省重点")
    assert AnnualPlan.objects.get(project=planned, year=2024).planned_investment == Decimal("800")
    assert AnnualPlan.objects.get(project=unplanned, year=2024).planned_investment == Decimal("600")
    assert MonthlyProgress.objects.get(project=planned, year=2024, month=5).completed_ytd == Decimal("120")
    reasons = [w.reason for w in result.warnings if w.code == "differs_from_register"]
    assert "表中总投资 5170 与台账 5200 不一致，未修改台账。" in reasons
    assert "表中年度计划投资 900 与台账 800 不一致，未修改台账。" in reasons
    assert "表中备注 改了 与台账 省重点 不一致，未修改台账。" in reasons


# 8. Chinese column names, each message once ------------------------------------------------------


def test_messages_name_columns_in_chinese_and_once(tmp_path):
    project = make_project(start_year=2020, end_year=2021, total=Decimal("5000"))
    head = [h for h in HEAD if h != "建设起止年限"]
    values = [v for i, v in enumerate(row(project, 5000, 300, 50)) if HEAD[i] != "建设起止年限"]
    result = run_import("progress", sheet(tmp_path, [values], head=head), year=2024, month=5)
    assert not result.ok
    for issue in result.errors:
        assert not re.search(r"[a-z_]{3,}", str(issue)), str(issue)
    years = [e for e in result.errors if "不在项目建设年限" in e.reason]
    assert len(years) == 1 and years[0].column == "建设起止年限"


# 9. A missing year: the web wording, the command's flag ------------------------------------------


def test_missing_year_message_has_no_command_flag_but_the_command_adds_it(tmp_path, capsys):
    path = write_xlsx(tmp_path / "noyear.xlsx", {"S": [["项目名称", "总投资", "责任单位"], ["某项目", 100, "东山镇"]]})
    result = run_import("projects", path)
    assert [i.reason for i in result.errors] == ["无法从表格判断年度，请填写年度"]
    assert "--" not in " ".join(str(i) for i in result.errors)
    with pytest.raises(CommandError):
        call_command("import_sheet", "projects", str(path))
    assert "无法从表格判断年度，请填写年度（或使用 --year）" in capsys.readouterr().err
