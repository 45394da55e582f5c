"""The project register in the Wagtail admin: menu, listing columns and filters, search and
sorting, the export for Chinese Excel, and monthly progress editing (rules, status, revisions)."""

import datetime
import io
from decimal import Decimal

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from registers.models import (
    GroundbreakingRound,
    MonthlyProgress,
    ObservationMeeting,
    ProgressStatus,
    Project,
    UnitMembership,
)
from tests.factories import ImageFactory
from tests.registers_factories import add_progress, agri_lead, hq_user, make_project, reporter, viewset
from tests.registers_factories import progress_post as form_data

pytestmark = pytest.mark.django_db

P = viewset(Project)
M = viewset(MonthlyProgress)


def listing(client, **params):
    response = client.get(reverse(P.get_url_name("list")), params)
    assert response.status_code == 200
    return response


def names(response):
    return [p.name for p in response.context["object_list"]]


def csv_body(client, register=P, **params):
    response = client.get(reverse(register.get_url_name("list")), {**params, "export": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_menu_groups_the_registers(client):
    client.force_login(hq_user())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "项目大会战" in html
    for register in (P, M, *map(viewset, (GroundbreakingRound, ObservationMeeting, UnitMembership))):
        assert client.get(reverse(register.get_url_name("list"))).status_code == 200


def test_listing_columns_show_figures_of_the_chosen_period(client):
    project = make_project("营前镇蔬菜基地", plan="1000", year=2024)
    add_progress(project, 2024, 3, "100")
    add_progress(project, 2024, 6, "450")
    client.force_login(hq_user())
    response = listing(client, year=2024, month=6)
    html = response.content.decode()
    for heading in (
        "领域",
        "阶段",
        "责任单位",
        "总投资（万元）",
        "年度计划（万元）",
        "累计完成（万元）",
        "完成率",
        "滞后",
    ):
        assert heading in html
    row = response.context["object_list"][0]
    assert (row.plan_amount, row.ytd_completed, row.lag_level) == (Decimal("1000"), Decimal("450"), "green")
    assert "45.0%" in html and 'style="width: 45.0' in html
    assert "pb-flag--green" in html
    # March: 100 of 1000 at 25% elapsed → 15 points behind → yellow (default gaps 10 / 20)
    response = listing(client, year=2024, month=3)
    assert response.context["object_list"][0].lag_level == "yellow"
    assert "pb-flag--yellow" in response.content.decode()
    # April: no report that month → flagged missing
    assert "本月未报进度" in listing(client, year=2024, month=4).content.decode()


def test_filters(client):
    agri = make_project("农业甲", "agriculture", "东山镇", plan="1000", total=Decimal("10000"), is_5020=True,
                        is_provincial_key=True, stage="construction", nature="new")
    industry = make_project("工业乙", "industry", "县工信局", plan="1000", total=Decimal("50000"), nature="continuing",
                            is_county_dispatch=False)
    small = make_project("服务丙", "services", "县商务局", plan="1000", total=Decimal("9999.99"), stage="preliminary",
                         township=agri.responsible_unit, is_county_dispatch=False)
    make_project("旧项目丁", "agriculture", "东山镇", start_year=2019, end_year=2020)
    add_progress(agri, 2024, 6, "600")      # 60% at 50% elapsed: green
    add_progress(industry, 2024, 6, "250")  # 25%: red
    add_progress(small, 2024, 5, "350")     # 35%: yellow, and no June report
    client.force_login(hq_user())
    period = {"year": 2024, "month": 6}
    assert names(listing(client, domain=agri.domain_id, **period)) == ["农业甲"]
    assert names(listing(client, stage="preliminary", **period)) == ["服务丙"]
    assert names(listing(client, nature="continuing", **period)) == ["工业乙"]
    assert names(listing(client, responsible_unit=industry.responsible_unit_id, **period)) == ["工业乙"]
    assert names(listing(client, township=agri.responsible_unit_id, **period)) == ["服务丙"]
    assert names(listing(client, plan_level="is_provincial_key", **period)) == ["农业甲"]
    assert names(listing(client, plan_level="major", **period)) == ["农业甲"]
    assert names(listing(client, is_5020="true", **period)) == ["农业甲"]
    # 10000 万元 = 1亿 inclusive
    assert sorted(names(listing(client, investment="1", **period))) == ["农业甲", "工业乙"]
    assert names(listing(client, investment="5", **period)) == ["工业乙"]
    assert "旧项目丁" not in names(listing(client, **period))
    assert "旧项目丁" in names(listing(client, year=2020))
    assert names(listing(client, lag="red", **period)) == ["工业乙"]
    assert sorted(names(listing(client, lag="lagging", **period))) == ["工业乙", "服务丙"]
    assert names(listing(client, lag="yellow", **period)) == ["服务丙"]
    assert names(listing(client, missing_report="true", **period)) == ["服务丙"]
    assert sorted(names(listing(client, missing_report="false", **period))) == ["农业甲", "工业乙"]
    # a project still in the reserve pool, or stopped, is neither judged for lagging nor owes a report
    small.stage = "reserve"
    small.save()
    assert names(listing(client, lag="lagging", **period)) == ["工业乙"]
    assert names(listing(client, missing_report="true", **period)) == []
    assert names(listing(client, lag="na", **period)) == ["服务丙"]


def test_search_and_sorting(client):
    a = make_project("犹江大桥", "infrastructure", "县交通运输局", plan="1000", owner_name="县城投公司",
                     location="东山镇城区", total=Decimal("300"))
    b = make_project("陡水湖景区提升", "services", "县文广新旅局", plan="1000", total=Decimal("200"))
    add_progress(a, 2024, 6, "100")
    add_progress(b, 2024, 6, "900")
    client.force_login(hq_user())
    period = {"year": 2024, "month": 6}
    assert names(listing(client, q="大桥", **period)) == ["犹江大桥"]
    assert names(listing(client, q="城投", **period)) == ["犹江大桥"]
    assert names(listing(client, q="城区", **period)) == ["犹江大桥"]
    assert names(listing(client, q=a.code, **period)) == ["犹江大桥"]
    assert names(listing(client, ordering="-ytd_completed", **period)) == ["陡水湖景区提升", "犹江大桥"]
    assert names(listing(client, ordering="pct_of_plan", **period)) == ["犹江大桥", "陡水湖景区提升"]
    assert names(listing(client, ordering="total_investment", **period)) == ["陡水湖景区提升", "犹江大桥"]


def test_export_is_for_chinese_excel(client):
    project = make_project("=HYPERLINK(\"http://x\")", plan="1000", owner_name="+恶意业主")
    add_progress(project, 2024, 6, "1200")
    Project.objects.filter(pk=project.pk).update(updated_at=datetime.datetime(2024, 6, 30, 17, 30, tzinfo=datetime.UTC))
    client.force_login(hq_user())
    body = csv_body(client, year=2024, month=6)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "项目名称" in text and "累计完成投资（万元）" in text and "滞后情况" in text
    assert "'=HYPERLINK" in text and "'+恶意业主" in text
    assert "2024-07-01 01:30:00" in text  # 17:30 UTC is 01:30 next day in Beijing
    assert ",1200.00," in text and ",1000.00," in text and ",120.00," in text  # money and percent
    xlsx = client.get(reverse(P.get_url_name("list")), {"year": 2024, "month": 6, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.values)
    header, row = rows[0], rows[1]
    assert row[header.index("项目名称")].startswith("'=")
    assert row[header.index("更新时间")] == datetime.datetime(2024, 7, 1, 1, 30)


def test_progress_export_honours_filters(client):
    p1 = make_project("甲", plan="100")
    p2 = make_project("乙", plan="100")
    add_progress(p1, 2024, 5, "10")
    add_progress(p2, 2024, 6, "20")
    client.force_login(hq_user())
    text = csv_body(client, M, month=6).decode("utf-8-sig")
    assert "乙" in text and ",甲," not in text


def test_progress_rules_show_as_form_errors(client):
    project = make_project(plan="1000", start_year=2023, end_year=2024, year=2024)
    add_progress(project, 2024, 5, "400")
    add_progress(project, 2024, 8, "700")
    client.force_login(reporter())
    url = reverse(M.get_url_name("add"))
    errors = client.post(url, form_data(project, completed_ytd="350")).context["form"].errors
    assert "年内累计数不能减少" in errors["completed_ytd"][0]
    errors = client.post(url, form_data(project, completed_ytd="800")).context["form"].errors
    assert "下月已报累计" in errors["completed_ytd"][0]
    errors = client.post(url, form_data(project, completed_ytd="-1")).context["form"].errors
    assert "completed_ytd" in errors
    errors = client.post(url, form_data(project, year=2025)).context["form"].errors
    assert "不在项目建设年限" in errors["year"][0]
    errors = client.post(url, form_data(project, month=13)).context["form"].errors
    assert "month" in errors
    assert MonthlyProgress.objects.filter(project=project).count() == 2


def test_progress_with_photo_status_and_revisions(client):
    project = make_project("东山镇污水管网", "public_services", "东山镇", plan="1000")
    user = reporter()
    client.force_login(user)
    image = ImageFactory(title="现场", file__filename="site.png", uploaded_by_user=user)
    data = form_data(project, status="submitted", **{
        "photos-TOTAL_FORMS": 1, "photos-0-image": image.pk, "photos-0-caption": "管网开挖",
        "photos-0-is_public": "on", "photos-0-ORDER": 1, "photos-0-id": "",
    })
    response = client.post(reverse(M.get_url_name("add")), data)
    assert response.status_code == 302, response.context["form"].errors
    progress = MonthlyProgress.objects.get(project=project, month=6)
    assert progress.reporter == user and progress.reporter_name == "dongshan"
    assert progress.status == ProgressStatus.SUBMITTED and progress.submitted_at is not None
    assert progress.photos.get().image == image
    edit = client.get(reverse(M.get_url_name("edit"), args=[progress.pk])).content.decode()
    assert "管网开挖" in edit and image.get_rendition("max-165x165").url in edit

    # a reporter may not verify
    response = client.post(reverse(M.get_url_name("edit"), args=[progress.pk]), form_data(
        project, status="verified", **{"photos-TOTAL_FORMS": 1, "photos-INITIAL_FORMS": 1,
                                      "photos-0-id": progress.photos.get().pk, "photos-0-image": image.pk,
                                      "photos-0-ORDER": 1}))
    assert "只有本领域牵头单位" in response.context["form"].errors["status"][0]
    # the domain's lead unit (县发改委 for 公共服务) verifies
    verifier = hq_user("fgw")
    client.force_login(verifier)
    before = timezone.now()
    response = client.post(reverse(M.get_url_name("edit"), args=[progress.pk]), form_data(
        project, status="verified", completed_ytd="320", **{
            "photos-TOTAL_FORMS": 1, "photos-INITIAL_FORMS": 1, "photos-0-id": progress.photos.get().pk,
            "photos-0-image": image.pk, "photos-0-ORDER": 1}))
    assert response.status_code == 302
    progress.refresh_from_db()
    assert progress.verified_by == verifier and progress.verified_at >= before
    assert progress.reporter == user  # verification does not make the verifier the reporter
    # a verified month is closed to the reporter
    client.force_login(user)
    response = client.post(reverse(M.get_url_name("edit"), args=[progress.pk]),
                           form_data(project, status="submitted"))
    assert "已审核" in str(response.context["form"].non_field_errors())

    # every save is a revision with who and when, shown in the history
    revisions = progress.revisions.order_by("created_at")
    assert [r.user for r in revisions] == [user, verifier]
    assert Decimal(revisions[0].content["completed_ytd"]) == Decimal("300")
    history = client.get(reverse(M.get_url_name("history"), args=[progress.pk])).content.decode()
    assert "fgw" in history and "dongshan" in history


def test_agriculture_lead_verifies_only_its_domain(client):
    agri = make_project("农业项目", "agriculture", "东山镇", plan="100")
    lead = agri_lead()
    progress = add_progress(agri, 2024, 6, "10", status="submitted")
    client.force_login(lead)
    response = client.post(reverse(M.get_url_name("edit"), args=[progress.pk]),
                           form_data(agri, completed_ytd="10", status="verified"))
    assert response.status_code == 302
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.VERIFIED and progress.verified_by == lead


def test_over_plan_is_allowed_but_flagged(client):
    project = make_project(plan="1000")
    client.force_login(reporter())
    response = client.post(reverse(M.get_url_name("add")), form_data(project, completed_ytd="1500"))
    assert response.status_code == 302
    warnings = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert any("超过2024年度计划投资" in w for w in warnings)
    listing_html = client.get(reverse(M.get_url_name("list"))).content.decode()
    assert "超计划" in listing_html
    row = client.get(reverse(M.get_url_name("list"))).context["object_list"][0]
    assert row.over_plan is True and row.month_completed == Decimal("1500")
    response = client.post(reverse(M.get_url_name("add")), form_data(project, month=7, completed_ytd="1600"))
    assert response.status_code == 302


def test_home_panels_show_scoped_figures_with_links(client):
    from registers.core.periods import reporting_period

    year, month = reporting_period()
    agri = make_project("农业看板项目", "agriculture", "东山镇", plan="1000", year=year)
    industry = make_project("工业看板项目", "industry", "县工信局", plan="1000", year=year)
    add_progress(agri, year, month, "1")  # far behind time elapsed unless it is January
    client.force_login(agri_lead())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"{year}年各领域完成投资" in html and "年度目标" in html  # the lead unit owns its domain
    assert "农业" in html and "工业看板项目" not in html
    assert "月未报进度项目" in html
    if month > 2:
        assert "农业看板项目" in html and "lag=lagging" in html
    client.force_login(hq_user())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "工业看板项目" in html  # missing this month's report
    assert "missing_report=true" in html and f"domain={industry.domain_id}" in html
    client.force_login(reporter())  # a township is judged by its own plans, not the county target
    panel = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "年度计划" in panel and "年度目标</span>" not in panel
    assert "0.1%" in panel  # 1 of its 1000 planned
