"""The report register in the admin: the HQ office lists every run with its PDF and runs any kind
for any period; other users see only what is theirs; the words of a kind are edited and previewed;
a finished report reaches its units once, as a notice on their home page and an email."""

from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

import pytest

from registers.core.scopes import GROUP_LEADER
from registers.models import Notice
from tasks.cycles import UNIT, Scope
from tasks.models import ReportRun, ReportWording
from tasks.preview import preview_response
from tests.registers_factories import add_progress, hq_user, make_project, make_user, reporter, unit, viewset
from tests.report_helpers import flat_text, run_report

pytestmark = pytest.mark.django_db


def listing_url():
    return reverse(viewset(ReportRun).get_url_name("list"))


def test_the_hq_office_runs_a_kind_for_a_period_and_downloads_it(client):
    make_project("东山镇油茶基地", year=2024, plan=1000)
    client.force_login(hq_user())
    page = client.get(listing_url()).content.decode()
    assert "立即运行" in page
    form = client.get(reverse("report_run_now")).content.decode()
    assert "月度调度通报" in form
    response = client.post(reverse("report_run_now"), {"kind": "monthly_bulletin", "period": "2024-06",
                                                       "scope": "county"})
    assert response.status_code == 302
    run = ReportRun.objects.get(kind="monthly_bulletin", period="2024-06", scope_key="county")
    assert run.status == "done" and run.trigger == "manual" and run.requested_by.username == "hq"
    listing = client.get(listing_url(), {"kind": "monthly_bulletin"}).content.decode()
    assert reverse("report_download", args=[run.pk]) in listing and "2024-06" in listing
    pdf = client.get(reverse("report_download", args=[run.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    again = client.post(reverse("report_run_now"), {"kind": "monthly_bulletin", "period": "2024-06",
                                                    "scope": "county"})
    assert again.status_code == 302
    assert ReportRun.objects.filter(kind="monthly_bulletin", period="2024-06").count() == 1


def test_run_now_names_a_period_it_cannot_read(client):
    client.force_login(hq_user())
    page = client.post(reverse("report_run_now"), {"kind": "monthly_bulletin", "period": "2024-13"})
    assert page.status_code == 200
    assert "期间“2024-13”无效，应写作 2022-05。" in page.content.decode()
    assert not ReportRun.objects.exists()


def test_others_see_what_is_theirs_and_cannot_run(client):
    county = run_report("monthly_bulletin", "2024-06")
    letter = ReportRun.objects.create(kind="warning_letters", period="2024-06", scope_kind=UNIT,
                                      unit=unit("县交运局"), scope_key=Scope(UNIT, unit_id=unit("县交运局").pk).key)
    quarterly = ReportRun.objects.create(kind="quarterly_report", period="2024-Q2", scope_key="county")
    user = reporter()  # 东山镇
    assert set(ReportRun.objects.for_user(user)) == {county}
    assert set(ReportRun.objects.for_user(reporter("jiaoyun", "县交运局"))) == {county, letter}
    assert set(ReportRun.objects.for_user(make_user("leader", GROUP_LEADER))) == {county, letter, quarterly}
    client.force_login(user)
    assert client.get(reverse("report_download", args=[county.pk])).status_code == 200
    assert client.get(reverse("report_download", args=[letter.pk])).status_code == 404
    refused = client.get(reverse("report_run_now"))
    assert refused.status_code in (302, 403)
    assert not ReportRun.objects.filter(kind="monthly_bulletin", period="2024-07").exists()


def test_the_words_are_edited_and_previewed_and_the_next_run_uses_them():
    add_progress(make_project("东山镇油茶基地", year=2024, plan=1000), 2024, 5, 300)  # the latest month: May
    run_report("monthly_bulletin", "2024-05")
    wording = ReportWording.objects.get(kind="monthly_bulletin")
    wording.title = "{范围}项目建设月报（{期间}）"
    wording.signature = "上犹县项目建设指挥部"
    request = RequestFactory().get("/")
    request.user = hq_user()
    preview = preview_response(wording, request, "html").content.decode()
    assert "全县项目建设月报（2024年1-5月）" in preview and "上犹县项目建设指挥部" in preview
    assert preview_response(wording, request, "pdf").content.startswith(b"%PDF-")
    assert "项目建设月报" not in ReportWording.objects.get(pk=wording.pk).title  # the preview saved nothing
    wording.save()
    run = run_report("monthly_bulletin", "2024-06")
    assert "全县项目建设月报（2024年1-6月）" in flat_text(run) and run.title == "全县项目建设月报（2024年1-6月）"


def test_a_finished_report_reaches_its_units_once():
    make_project("东山镇油茶基地", year=2024, plan=1000)
    make_user("ds", unit_name="东山镇").__class__.objects.filter(username="ds").update(email="ds@example.org")
    run = run_report("monthly_bulletin", "2024-06")
    notices = Notice.objects.filter(kind="report:monthly_bulletin")
    assert set(notices.values_list("unit", flat=True)) >= {unit("东山镇").pk, unit("县农业农村局").pk}  # lead unit
    notice = notices.get(unit=unit("东山镇"))
    assert notice.link == reverse("report_download", args=[run.pk]) and "调度通报" in notice.text
    assert any(message.to == ["ds@example.org"] for message in mail.outbox)
    sent = len(mail.outbox)
    from tasks.runner import execute, requeue

    requeue(run)
    assert execute(run.pk).status == "done"
    assert Notice.objects.filter(kind="report:monthly_bulletin", unit=unit("东山镇")).count() == 1
    assert len(mail.outbox) == sent


def test_a_unit_can_open_every_report_it_is_sent():
    from tasks.cycles import DOMAIN

    project = make_project("东山镇油茶基地", year=2024, plan=1000)  # agriculture, 东山镇 responsible
    run = run_report("monthly_bulletin", "2024-06", Scope(DOMAIN, domain_id=project.domain_id))
    assert run.status == "done"
    user = reporter()  # 东山镇: not the domain's lead unit
    assert Notice.objects.filter(unit=unit("东山镇"), link=reverse("report_download", args=[run.pk])).exists()
    assert run in ReportRun.objects.for_user(user)


def test_run_now_rebuilds_one_scope_and_names_one_that_does_not_apply(client):
    project = make_project("东山镇油茶基地", year=2024, plan=1000)
    client.force_login(hq_user())
    response = client.post(reverse("report_run_now"), {"kind": "monthly_bulletin", "period": "2024-06",
                                                       "scope": f"domain:{project.domain_id}"})
    assert response.status_code == 302
    assert list(ReportRun.objects.values_list("scope_key", flat=True)) == [f"domain:{project.domain_id}"]
    page = client.post(reverse("report_run_now"), {"kind": "monthly_bulletin", "period": "2024-06",
                                                   "scope": f"unit:{unit('县交运局').pk}"}).content.decode()
    assert f"“{unit('县交运局').name}”没有2024年6月的月度调度通报（该范围不适用）。" in page
    assert ReportRun.objects.count() == 1
