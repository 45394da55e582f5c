"""Meeting reminders two days ahead: a notice per unit with business at the meeting, an email to
its users, once."""

import datetime
import zoneinfo

from django.core import mail

import pytest

from registers.models import CoordinationIssue, Meeting, MeetingState, MeetingTier, Notice
from tasks.coordination import meeting_reminders, send_meeting_reminders
from tests.registers_factories import make_project, make_user, reporter, unit

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2022, 6, 23)


def meeting(title="第6次部门联席会", starts_at=None, units=(), issues=(), **fields):
    found = Meeting.objects.create(tier=MeetingTier.JOINT, title=title, place="县政府三楼会议室",
                                   starts_at=starts_at or datetime.datetime(2022, 6, 25, 9, 0, tzinfo=SHANGHAI),
                                   **fields)
    found.units.set(units)
    found.issues.set(issues)
    found.save()
    return found


def issue(raised_by="东山镇", project_unit="东山镇"):
    return CoordinationIssue.objects.create(project=make_project(unit_name=project_unit), raised_by=unit(raised_by),
                                            problem="征地拆迁进度滞后", raised_on=datetime.date(2022, 6, 3))


def test_two_days_before_notices_and_emails_once():
    reporter("dongshan")  # 东山镇, dongshan@example.com
    no_address = make_user("dongshan2", unit_name="东山镇")
    no_address.email = ""
    no_address.save()
    inactive = make_user("dongshan3", unit_name="东山镇")
    inactive.is_active = False
    inactive.save()
    make_user("gongxin", unit_name="县工信局")
    make_user("nobody", unit_name="县交通运输局")  # no business at the meeting
    found = meeting(units=[unit("县工信局")], issues=[issue()])

    assert send_meeting_reminders(today=TODAY) == 2
    notices = {notice.unit.name: notice for notice in Notice.objects.filter(meeting=found)}
    assert set(notices) == {unit("东山镇").name, unit("县工信局").name}
    text = notices[unit("东山镇").name].text
    assert text == ("会议提醒：2022年6月25日 09:00 部门联席会“第6次部门联席会”在县政府三楼会议室召开，"
                    "本单位有协调事项列入议题，请做好汇报准备。")
    assert "请准时参会" in notices[unit("县工信局").name].text
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "dongshan@example.com", "gongxin@example.com"]
    assert all("第6次部门联席会" in message.subject for message in mail.outbox)
    assert not Notice.objects.filter(unit=unit("县交通运输局")).exists()

    assert send_meeting_reminders(today=TODAY) == 0
    assert len(mail.outbox) == 2
    assert Notice.objects.count() == 2


def test_other_days_and_cancelled_meetings_get_none():
    reporter("dongshan")
    meeting(issues=[issue()], state=MeetingState.CANCELLED)
    meeting("三天后的会", starts_at=datetime.datetime(2022, 6, 26, 9, 0, tzinfo=SHANGHAI), issues=[issue()])
    # 23:30 on the 24th, Shanghai time: the day before the reminder day.
    meeting("前一天晚上", starts_at=datetime.datetime(2022, 6, 24, 23, 30, tzinfo=SHANGHAI), issues=[issue()])
    assert send_meeting_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_local_date_not_utc():
    reporter("dongshan")
    # 00:30 on the 25th in Shanghai is still the 24th in UTC: it is a meeting of the 25th.
    found = meeting(starts_at=datetime.datetime(2022, 6, 25, 0, 30, tzinfo=SHANGHAI), issues=[issue()])
    assert send_meeting_reminders(today=TODAY) == 1
    assert Notice.objects.get().meeting == found
    assert "2022年6月25日 00:30" in Notice.objects.get().text


def test_periodic_task_runs_today():
    assert meeting_reminders.call_local() == 0


def test_notice_panel():
    from registers.coordination.panels import NoticePanel

    user = reporter("dongshan")
    assert NoticePanel(user).render_html() == ""
    found = meeting(issues=[issue()])
    send_meeting_reminders(today=TODAY)
    html = NoticePanel(user).render_html()
    assert "通知提醒" in html and "第6次部门联席会" in html
    if getattr(Meeting, "snippet_viewset", None) is not None:
        assert f"/{found.pk}/" in html
    other = make_user("gongxin", unit_name="县工信局")
    assert NoticePanel(other).render_html() == ""
