"""The listings' “导出调度表” buttons: the bureau layout of exactly the rows listed (filters, search,
row scope, the listing's period), escaped against formula injection, importing back unchanged."""

import csv
import io
from html import unescape

from django.urls import reverse

import openpyxl
import pytest

from registers.core.scopes import own_unit_rows, rows_for
from registers.imports.pipeline import run_import
from registers.models import MonthlyProgress, Project
from snippets.models import AcceptanceCommissioner, Domain
from tests.import_helpers import sample
from tests.registers_factories import (
    add_progress,
    agri_lead,
    hq_user,
    make_project,
    make_user,
    reporter,
    unit,
    viewset,
)

commissioners = own_unit_rows("unit")

pytestmark = pytest.mark.django_db

P = viewset(Project)
M = viewset(MonthlyProgress)


def sheet(client, register=P, **params):
    response = client.get(reverse(register.get_url_name("sheet_export")), params)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content), response


def workbook_rows(content: bytes):
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def data_names(content: bytes) -> list[str]:
    """项目名称 of the data rows (序号 a number) of an exported workbook."""
    ws, rows = workbook_rows(content)
    header = next(r for r in rows if r and r[0] == "序号")
    at = header.index("项目名称")
    return [r[at] for r in rows if isinstance(r[0], int)]


@pytest.fixture
def world():
    dongshan = make_project("东山镇高标准农田", "agriculture", "东山镇", plan="1000")
    doushui = make_project("陡水镇茶叶基地", "agriculture", "陡水镇", plan="800")
    factory = make_project("工业园标准厂房", "industry", "县工信局", plan="5000")
    for project, ytd in ((dongshan, "100"), (doushui, "700"), (factory, "300")):
        add_progress(project, 2024, 5, ytd)
    return {"dongshan": dongshan, "doushui": doushui, "factory": factory}


def test_listing_shows_the_buttons_with_its_querystring(client, world):
    client.force_login(hq_user())
    domain = Domain.objects.get(code="agriculture")
    listing = client.get(reverse(P.get_url_name("list")), {"domain": domain.pk, "year": 2024, "q": "茶叶"})
    html = unescape(listing.content.decode())
    assert "导出调度表（Excel）" in html and "导出调度表（CSV）" in html
    base = reverse(P.get_url_name("sheet_export"))
    link = next(part for part in html.split('"') if part.startswith(base) and "format=xlsx" in part)
    assert f"domain={domain.pk}" in link and "year=2024" in link and "q=" in link
    progress_html = client.get(reverse(M.get_url_name("list"))).content.decode()
    assert "导出调度表（Excel）" in progress_html


def test_filtered_and_searched_export_has_only_the_listed_rows(client, world):
    client.force_login(hq_user())
    agriculture = Domain.objects.get(code="agriculture")
    content, response = sheet(client, domain=agriculture.pk, year=2024, month=5)
    assert "attachment" in response["Content-Disposition"]
    assert sorted(data_names(content)) == ["东山镇高标准农田", "陡水镇茶叶基地"]
    content, _ = sheet(client, domain=agriculture.pk, year=2024, month=5, q="茶叶")
    assert data_names(content) == ["陡水镇茶叶基地"]
    # a filter on the derived figures: lagging at the end of May (序时 41.7%)
    content, _ = sheet(client, year=2024, month=5, lag="lagging")
    assert sorted(data_names(content)) == ["东山镇高标准农田", "工业园标准厂房"]
    ws, rows = workbook_rows(content)
    assert "截至5月底" in ws["A1"].value and any("1-5月完成投资" in r for r in rows)


def test_scoped_user_gets_only_their_rows_whatever_the_filters(client, world):
    client.force_login(reporter())
    content, _ = sheet(client, year=2024, month=5)
    assert data_names(content) == ["东山镇高标准农田"]
    content, _ = sheet(client, year=2024, month=5, responsible_unit=unit("陡水镇").pk)
    assert data_names(content) == []
    client.force_login(agri_lead())
    content, _ = sheet(client, M, year=2024)
    assert sorted(data_names(content)) == ["东山镇高标准农田", "陡水镇茶叶基地"]
    client.force_login(make_user("nobody"))  # no model permission at all
    assert client.get(reverse(P.get_url_name("sheet_export"))).status_code in (302, 403)


def test_progress_listing_export_uses_its_filters_and_period(client, world):
    add_progress(world["factory"], 2024, 6, "900")
    client.force_login(hq_user())
    content, _ = sheet(client, M, year=2024, month=6)
    assert data_names(content) == ["工业园标准厂房"]
    ws, rows = workbook_rows(content)
    assert "截至6月底" in ws["A1"].value and any("1-6月完成投资" in r for r in rows)
    assert [r for r in rows if isinstance(r[0], int)][0].count(900) == 1  # June's year-to-date


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_listing_export_of_the_sample_imports_back_unchanged(client, tmp_path, export_format):
    assert run_import("projects", sample("projects_2022_full.xlsx")).ok
    client.force_login(hq_user())
    industry = Domain.objects.get(name="工业")
    # the listing's default period for a past year is December; the sheet's column is the last
    # month reported by then (May), so that it means what the bureau's sheet means
    content, _ = sheet(client, domain=industry.pk, year=2022, format=export_format)
    target = tmp_path / f"listing.{export_format}"
    target.write_bytes(content)
    # the year filter lists the projects under way that year: the sheet has exactly those
    listed = Project.objects.filter(domain=industry).in_year(2022).count()
    assert 100 < listed <= 152
    again = run_import("projects", target)
    assert again.ok, [str(e) for e in again.errors][:5]
    assert (again.year, again.month) == (2022, 5)
    assert again.status_counts()["unchanged"] == listed and not again.changed


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_listing_export_escapes_formula_like_cells(client, tmp_path, export_format):
    assert run_import("projects", sample("bad_inputs/hyperlink_injection.xlsx")).ok
    client.force_login(hq_user())
    content, _ = sheet(client, year=2022, format=export_format)
    if export_format == "csv":
        cells = [c for row in csv.reader(content.decode("utf-8-sig").splitlines()) for c in row]
    else:
        cells = [c for row in workbook_rows(content)[1] for c in row]
    texts = [c for c in cells if isinstance(c, str) and c]
    assert texts and not [t for t in texts if t[0] in "=+-@"]
    assert "'=HYPERLINK" in "".join(texts)
    target = tmp_path / f"inj.{export_format}"
    target.write_bytes(content)
    back = run_import("projects", target)
    assert back.ok and not back.changed


def test_commissioner_scope_lives_in_scopes(tmp_path):
    assert run_import("commissioners", sample("commissioners.xlsx")).ok
    total = AcceptanceCommissioner.objects.count()
    own = AcceptanceCommissioner.objects.filter(unit=unit("县农业农村局")).count()
    assert 0 < own < total
    assert commissioners(hq_user(), AcceptanceCommissioner.objects.all()).count() == total
    assert commissioners(agri_lead(), AcceptanceCommissioner.objects.all()).count() == own
    assert rows_for(agri_lead("agri2"), AcceptanceCommissioner).count() == own
    assert commissioners(make_user("unitless"), AcceptanceCommissioner.objects.all()).count() == 0
    anonymous = type("Anon", (), {"is_authenticated": False, "is_active": False})()
    assert commissioners(anonymous, AcceptanceCommissioner.objects.all()).count() == 0
