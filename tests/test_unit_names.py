"""Unit names as bureaus and companies write them (issue 14): one normaliser in ``registers.core``,
used by the importers of every sheet kind, by ``Unit.objects.resolve`` and by the admin's search."""

from django.urls import reverse

import pytest

from registers.core.unit_names import COUNTY, candidate_keys, candidate_steps, resolve_unit
from registers.imports.index import RegisterIndex
from registers.imports.pipeline import run_import
from registers.models import Project
from snippets.models import AcceptanceCommissioner, Unit
from tests.import_helpers import write_xlsx
from tests.registers_factories import make_user, unit, viewset

# --- the candidate keys (pure: no database) -------------------------------------------------------


def test_the_name_itself_comes_first_normalised():
    assert candidate_keys(" 县发改委\u3000")[0] == "县发改委"
    assert candidate_steps("（上犹县）财政局")[0] == ("（上犹县）财政局",)
    assert candidate_keys("") == [] and candidate_keys("  ") == []


def test_the_county_prefix_is_added_swapped_or_removed():
    assert candidate_steps("上犹县供电公司")[1] == ("上犹供电公司", "县供电公司", "供电公司")
    assert candidate_steps("县财政局")[1] == ("上犹县财政局", "上犹财政局", "财政局")
    assert candidate_steps("东山镇")[1] == ("上犹县东山镇", "上犹东山镇", "县东山镇")
    assert candidate_steps("上犹工业园区管理委员会")[1][0] == "上犹县工业园区管理委员会"
    assert candidate_steps(COUNTY) == ((COUNTY,),)  # a bare prefix is no unit name to vary


def test_the_long_and_short_pairs_and_their_combinations():
    committee = candidate_keys("上犹县工业园区管理委员会")
    for key in ("上犹县工业园区管委会", "上犹县工业园管委会", "县工业园区管委会", "上犹工业园管委会"):
        assert key in committee
    company = candidate_keys("上犹县城市建设投资开发公司")
    assert "上犹县城市建设投资开发有限公司" in company and "县城市建设投资开发有限责任公司" in company
    assert "县供电公司" in candidate_keys("上犹县供电有限公司")
    township = candidate_keys("上犹县东山镇人民政府")
    assert {"东山镇人民政府", "东山镇", "东山镇政府"} <= set(township)
    assert township.index("东山镇人民政府") < township.index("东山镇")  # prefix before pairs
    assert "上犹县" not in candidate_keys("上犹县人民政府")  # 人民政府 drops for townships only


def test_each_key_is_tried_once_in_its_first_step():
    keys = candidate_keys("上犹县工业园区管理委员会")
    assert len(keys) == len(set(keys))


def test_ambiguous_candidates_in_one_step_resolve_to_nothing():
    supply, other = Unit(name="县供电公司"), Unit(name="供电公司")
    index = {"县供电公司": supply, "供电公司": other}
    assert resolve_unit(index, "上犹县供电公司") is None  # step 2 matches two units: never a guess
    assert resolve_unit(index, "县供电公司") is supply  # the name itself wins before any variant
    assert resolve_unit({"县供电公司": supply, "上犹县供电公司": supply}, "供电公司") is supply
    # the same unit under two keys of one step is no ambiguity
    assert resolve_unit({"县供电公司": supply, "上犹供电公司": supply}, "上犹县供电公司") is supply
    assert resolve_unit(index, "") is None


# --- resolution against the seeded units ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("written", "known"), [
    ("上犹县供电公司", "县供电公司"),
    ("上犹县工业园区管理委员会", "上犹工业园区管理委员会"),
    ("上犹县东山镇人民政府", "东山镇"),
    ("上犹县东山镇", "东山镇"),
    ("上犹县城投有限公司", "县城投公司"),
    ("县工业园区管理委员会", "县工业园管委会"),
    ("上犹县财政局", "县财政局"),
])
def test_full_official_names_resolve_to_the_seeded_unit(written, known):
    expected = Unit.objects.get(normalized_names__contains=f"|{known}|")
    assert Unit.objects.resolve(written) == expected
    assert RegisterIndex("commissioners", None, None).unit(written) == expected


@pytest.mark.django_db
def test_an_unknown_unit_resolves_to_nothing():
    assert Unit.objects.resolve("上犹县不存在局") is None
    assert RegisterIndex("commissioners", None, None).unit("上犹县不存在局") is None


@pytest.mark.django_db
def test_ambiguous_names_in_the_register_resolve_to_nothing():
    Unit.objects.create(name="供电公司")  # now 上犹县供电公司 could be it or 县供电公司
    assert Unit.objects.resolve("上犹县供电公司") is None
    assert RegisterIndex("commissioners", None, None).unit("上犹县供电公司") is None
    assert Unit.objects.resolve("县供电公司") == unit("国网上犹县供电公司")


# --- every sheet kind -----------------------------------------------------------------------------

COMMISSIONERS = """序号,单位,姓名,职务,办公电话,手机,受理事项
1,上犹县供电公司,全称甲,主任,0797-8521234,13800000001,用电报装
2,上犹县工业园区管理委员会,全称乙,科长,0797-8521235,13800000002,入园手续
3,上犹县东山镇人民政府,全称丙,副镇长,0797-8521236,13800000003,用地协调
4,上犹县发展和改革委员会,全称丁,股长,0797-8521237,13800000004,立项审批
"""


@pytest.mark.django_db
def test_a_commissioners_csv_in_full_official_names_imports_whole(tmp_path):
    path = tmp_path / "commissioners.csv"
    path.write_text(COMMISSIONERS, encoding="utf-8")
    result = run_import("commissioners", path)
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.written
    units = dict(AcceptanceCommissioner.objects.filter(name__startswith="全称").values_list("name", "unit__name"))
    assert units == {"全称甲": "国网上犹县供电公司", "全称乙": "上犹工业园区管理委员会",
                     "全称丙": "东山镇人民政府", "全称丁": "上犹县发展和改革委员会"}


@pytest.mark.django_db
def test_an_unknown_full_name_is_still_the_unknown_unit_error(tmp_path):
    path = tmp_path / "commissioners.csv"
    path.write_text("序号,单位,姓名,职务,办公电话,手机,受理事项\n"
                    "1,上犹县不存在局,全称戊,主任,0797-8521234,13800000001,x\n", encoding="utf-8")
    result = run_import("commissioners", path)
    assert [e.code for e in result.errors] == ["unknown_unit"]
    assert "未知单位“上犹县不存在局”" in str(result.errors[0])
    assert not result.written


HEADER = ["序号", "项目名称", "建设性质", "建设地点", "总投资", "年度计划投资", "责任单位", "项目类别"]


@pytest.mark.django_db
def test_a_project_sheet_in_full_official_names_imports_whole(tmp_path):
    rows = [HEADER,
            [1, "全称供电线路改造项目", "新建", "东山镇", 1000, 100, "上犹县供电公司", "重大基础设施"],
            [2, "全称园区标准厂房项目", "新建", "上犹县东山镇", 2000, 200, "上犹县工业园区管理委员会", "工业"],
            [3, "全称镇区道路项目", "续建", "东山镇", 3000, 300, "上犹县东山镇人民政府", "重大基础设施"]]
    result = run_import("projects", write_xlsx(tmp_path / "full.xlsx", {"表1": rows}), year=2026)
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.written
    found = dict(Project.objects.filter(name__startswith="全称").values_list("name", "responsible_unit__name"))
    assert found == {"全称供电线路改造项目": "国网上犹县供电公司", "全称园区标准厂房项目": "上犹工业园区管理委员会",
                     "全称镇区道路项目": "东山镇人民政府"}
    assert unit("东山镇") in Project.objects.get(name="全称园区标准厂房项目").townships.all()  # 上犹县东山镇


@pytest.mark.django_db
def test_a_project_sheet_names_an_unknown_full_name(tmp_path):
    rows = [HEADER, [1, "全称项目", "新建", "东山镇", 1000, 100, "上犹县不存在局", "工业"]]
    result = run_import("projects", write_xlsx(tmp_path / "bad.xlsx", {"表1": rows}), year=2026)
    assert [e.code for e in result.errors] == ["unknown_unit"]
    assert "未知单位“上犹县不存在局”" in str(result.errors[0])
    assert not result.written


# --- the admin's unit chooser and listing ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["上犹县工业园区管理委员会", "上犹县供电公司", "上犹县东山镇人民政府"])
def test_the_unit_chooser_and_listing_find_a_unit_by_its_full_official_name(client, typed):
    client.force_login(make_user("unit-admin", superuser=True))
    units = viewset(Unit)
    expected = Unit.objects.resolve(typed)
    results = reverse(units.chooser_viewset.get_url_name("choose_results"))
    chosen = reverse(units.chooser_viewset.get_url_name("chosen"), args=[expected.pk])
    chooser = client.get(results, {"q": typed})
    assert chooser.status_code == 200
    assert chosen in chooser.content.decode()
    listing = client.get(reverse(units.get_url_name("list")), {"q": typed})
    assert listing.status_code == 200
    assert reverse(units.get_url_name("edit"), args=[expected.pk]) in listing.content.decode()
    assert chosen not in client.get(results, {"q": "上犹县不存在局"}).content.decode()
