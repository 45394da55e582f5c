"""The monthly bulletin from the 2022 sample sheet: the county's and every domain's figures are
those of the sheet's answer key; the PDF holds the Chinese as text in embedded fonts; a rerun keeps
one record, its number and a whole file."""

import json
from decimal import Decimal

from django.core.management import call_command

import pytest

from registers.imports.pipeline import run_import
from snippets.models import Domain
from tasks.cycles import DOMAIN, Scope, cycle
from tasks.models import ReportRun
from tests.import_helpers import sample
from tests.report_helpers import embedded_fonts, flat_text, run_report

pytestmark = pytest.mark.django_db
TOL = Decimal("0.05")


@pytest.fixture
def sheet_2022():
    result = run_import("projects", sample("projects_2022_full.xlsx"))
    assert result.ok
    return json.loads(sample("projects_2022_full.answers.json").read_text(encoding="utf-8"))


def assert_figures(figures, expected):
    assert figures["projects"] == expected["count"]
    assert abs(Decimal(figures["planned"]) - Decimal(str(expected["annual_plan"]))) <= TOL
    assert abs(Decimal(figures["completed"]) - Decimal(str(expected["completed"]))) <= TOL
    assert figures["pct_of_plan"] == expected["completion_rate_pct"]


def test_bulletin_figures_are_the_answer_keys_and_a_rerun_keeps_one_record(sheet_2022, capsys):
    call_command("run_cycle", "monthly_bulletin", period="2022-05")
    out = capsys.readouterr().out
    runs = {run.scope_key: run for run in ReportRun.objects.filter(kind="monthly_bulletin", period="2022-05")}
    assert len(runs) == 1 + len(sheet_2022["domains"])  # the county and each domain
    county = runs["county"]
    assert county.status == "done" and str(county.path) in out
    assert_figures(county.figures, sheet_2022["overall"])
    assert Decimal(county.figures["target"]) == Decimal(str(sheet_2022["overall"]["target_annual_wan"]))
    for name, expected in sheet_2022["domains"].items():
        assert_figures(county.figures["domains"][name], expected)
        domain_run = runs[f"domain:{Domain.objects.get(name=name).pk}"]
        assert_figures(domain_run.figures, expected)
        assert Decimal(domain_run.figures["target"]) == Decimal(str(expected["target_annual_wan"]))

    text = flat_text(county)
    assert "全县重大项目推进情况调度通报（2022年1-5月）" in text
    assert "441,966.20" in text and "犹项战办〔2022〕1号" in text and "2022年6月6日" in text
    assert "江西华犹玻纤新材料有限公司年产15万吨电子级玻璃纤维池窑拉丝项目" in text  # a row of the annex
    fonts = {name.split("+")[-1] for name in embedded_fonts(county.path)}
    assert {"/BousungEG-Light-GB", "/WenQuanYiMicroHei-0"} <= {f"/{name.lstrip('/')}" for name in fonts}

    first_bytes, number = county.path.read_bytes(), county.number
    call_command("run_cycle", "monthly_bulletin", period="2022-05", scope=["county"])
    rerun = ReportRun.objects.get(kind="monthly_bulletin", period="2022-05", scope_key="county")
    assert rerun.pk == county.pk and rerun.number == number and rerun.attempts == 1
    assert ReportRun.objects.filter(kind="monthly_bulletin", period="2022-05").count() == len(runs)
    assert rerun.path.read_bytes()[:5] == b"%PDF-" and len(rerun.path.read_bytes()) == len(first_bytes)
    assert not list(rerun.path.parent.glob(".*.tmp"))  # no temporary file left


def test_a_domain_bulletin_reads_only_its_domain(sheet_2022):
    industry = Domain.objects.get(name="工业")
    run = run_report("monthly_bulletin", "2022-05", Scope(DOMAIN, domain_id=industry.pk))
    assert run.status == "done", run.error
    text = flat_text(run)
    assert "工业领域重大项目推进情况调度通报" in text
    assert "上犹县人民医院门急诊综合楼建设项目" not in text  # a 公共服务 project
    assert run.figures["domains"] == {}


def test_the_bulletin_scopes_are_the_county_and_the_domains_with_projects(sheet_2022):
    from tasks import periods

    scopes = cycle("monthly_bulletin").scopes(periods.of_month(2022, 5))
    assert scopes[0] == Scope()
    assert len(scopes) == 1 + len(sheet_2022["domains"])
    assert cycle("monthly_bulletin").scopes(periods.of_month(2031, 5)) == [Scope()]
