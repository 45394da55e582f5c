"""iCal feeds of coordination meetings: the file, the private address, the scopes, the queries."""

import datetime
import zoneinfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import icalendar
import pytest

from registers.coordination.calendar import feed_meetings, meeting_uid, meetings_feed
from registers.coordination.calendar_views import meeting_edit_path
from registers.models import CalendarToken, CoordinationIssue, Meeting, MeetingState, MeetingTier
from tests.registers_factories import domain, hq_user, make_project, reporter, unit

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.calendar_urls")]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int = 9, month: int = 11) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def meeting(title="部门联席会第11次", tier=MeetingTier.JOINT, starts_at=None, units=(), issues=(), **fields):
    found = Meeting.objects.create(tier=tier, title=title, starts_at=starts_at or at(25), place="县政府三楼会议室",
                                   chair="指挥部办公室", **fields)
    if units:
        found.units.set(units)
    if issues:
        found.issues.set(issues)
    found.save()  # parental many-to-many fields are written on save
    return found


def issue(project, raised_by="东山镇", problem="征地拆迁进度滞后"):
    return CoordinationIssue.objects.create(project=project, raised_by=unit(raised_by), problem=problem,
                                            category="征地拆迁", raised_on=datetime.date(2026, 11, 3))


def feed_url(user, **params) -> str:
    token, _ = CalendarToken.objects.get_or_create(user=user)
    url = reverse("coordination_calendar_feed", args=[token.token])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(found) -> str:
    return meeting_uid(found, "127.0.0.1")  # the host of the test settings' WAGTAILADMIN_BASE_URL


def test_feed_parses_with_timezone_and_fields(client):
    user = hq_user()
    project = make_project("东山镇农产品冷链物流中心")
    found = meeting(units=[unit("东山镇")], issues=[issue(project)], ends_at=at(25, 11))
    response = client.get(feed_url(user))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert "项目大会战" in str(calendar["X-WR-CALNAME"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    event = events(response)[uid(found)]
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert b"DTSTART;TZID=Asia/Shanghai:20261125T090000" in response.content
    assert event.decoded("DTSTART") == at(25) and event.decoded("DTEND") == at(25, 11)
    assert str(event["SUMMARY"]) == "【部门联席会】部门联席会第11次"
    assert str(event["LOCATION"]) == "县政府三楼会议室"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 0
    assert "DTSTAMP" in event and "LAST-MODIFIED" in event
    text = str(event["DESCRIPTION"])
    assert "主持人：指挥部办公室" in text
    assert "东山镇农产品冷链物流中心" in text
    assert f"http://testserver{meeting_edit_path(found)}" in text
    assert f"/{found.pk}/" in meeting_edit_path(found)


def test_default_length_two_hours():
    found = meeting()
    body = meetings_feed(feed_meetings(hq_user()), "测试", lambda m: f"https://example.org/{m.pk}/")
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert str(event["UID"]) == f"meeting-{found.pk}@project-battle"
    assert "https://example.org/" in str(event["DESCRIPTION"])


def test_uid_stable_sequence_bumped_on_change(client):
    user = hq_user()
    found = meeting()
    url = feed_url(user)
    before = events(client.get(url))[uid(found)]
    found.starts_at = at(26, 15)
    found.save()
    after = events(client.get(url))[uid(found)]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == at(26, 15)
    assert b"DTSTART;TZID=Asia/Shanghai:20261126T150000" in client.get(url).content


def test_cancelled_meeting_is_cancelled(client):
    user = hq_user()
    found = meeting()
    found.state = MeetingState.CANCELLED
    found.save()
    event = events(client.get(feed_url(user)))[uid(found)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_per_unit_and_per_tier_feeds(client):
    user = hq_user()
    dongshan, industry = unit("东山镇"), unit("县工信局")
    with_issue = meeting("议定东山镇事项", issues=[issue(make_project("东山镇项目"))])
    attended = meeting("东山镇参会", units=[dongshan], starts_at=at(26))
    other = meeting("工信局专题", units=[industry], issues=[issue(make_project("工业项目", "industry", "县工信局"),
                                                                "县工信局")], starts_at=at(27))
    group = meeting("农业领导小组会", tier=MeetingTier.GROUP, domain=domain("agriculture"), starts_at=at(28))
    by_unit = events(client.get(feed_url(user, unit=dongshan.pk)))
    assert set(by_unit) == {uid(with_issue), uid(attended)}
    by_tier = events(client.get(feed_url(user, tier=MeetingTier.GROUP)))
    assert set(by_tier) == {uid(group)}
    by_domain = events(client.get(feed_url(user, domain=domain("agriculture").pk)))
    assert set(by_domain) == {uid(group)}
    assert uid(other) in events(client.get(feed_url(user)))


def test_bad_parameters(client):
    user = hq_user()
    assert client.get(feed_url(user, tier="weekly")).status_code == 400
    assert client.get(feed_url(user, unit="abc")).status_code == 400
    assert client.get(feed_url(user, domain=999999)).status_code == 404


def test_unknown_token_and_inactive_user_404(client):
    assert client.get(reverse("coordination_calendar_feed", args=["no-such-token"])).status_code == 404
    user = reporter()
    url = feed_url(user)
    assert client.get(url).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 404


def test_reporter_feed_keeps_to_scope(client):
    user = reporter()  # 东山镇
    mine = meeting("东山镇参会", units=[unit("东山镇")])
    issue_of_mine = meeting("东山镇议题", issues=[issue(make_project("东山镇项目"))], starts_at=at(26))
    foreign = meeting("工信局专题", units=[unit("县工信局")],
                      issues=[issue(make_project("工业项目", "industry", "县工信局"), "县工信局")], starts_at=at(27))
    seen = events(client.get(feed_url(user)))
    assert set(seen) == {uid(mine), uid(issue_of_mine)}
    # Asking for another unit's feed narrows the user's own meetings: nothing leaks.
    assert uid(foreign) not in events(client.get(feed_url(user, unit=unit("县工信局").pk)))
    assert uid(foreign) not in events(client.get(feed_url(user, tier=MeetingTier.JOINT)))


def test_my_calendar_and_reset(client):
    user = reporter()
    client.force_login(user)
    page = client.get(reverse("coordination_my_calendar"))
    assert page.status_code == 200
    old = CalendarToken.objects.get(user=user).token
    html = page.content.decode()
    assert f"/calendar/{old}.ics" in html and "重置订阅地址" in html and "我的全部会议" in html
    assert f"unit={unit('东山镇').pk}" in html
    old_url = reverse("coordination_calendar_feed", args=[old])
    assert client.get(old_url).status_code == 200
    response = client.post(reverse("coordination_my_calendar"))
    assert response.status_code == 302
    new = CalendarToken.objects.get(user=user).token
    assert new != old
    assert client.get(old_url).status_code == 404
    assert client.get(reverse("coordination_calendar_feed", args=[new])).status_code == 200


def test_my_calendar_needs_login(client):
    response = client.get(reverse("coordination_my_calendar"))
    assert response.status_code == 302


@pytest.mark.parametrize("per_unit", [False, True])
def test_constant_queries(client, per_unit):
    user = hq_user()
    dongshan = unit("东山镇")
    projects = [make_project(f"查询项目{i}") for i in range(3)]

    def add(n, offset):
        for i in range(n):
            meeting(f"会议{offset + i}", units=[dongshan], issues=[issue(p) for p in projects],
                    starts_at=at(1 + (offset + i) % 28, month=12))

    params = {"unit": dongshan.pk} if per_unit else {}
    url = feed_url(user, **params)
    add(3, 0)
    with CaptureQueriesContext(connection) as few:
        assert len(events(client.get(url))) == 3
    add(27, 3)
    with CaptureQueriesContext(connection) as many:
        assert len(events(client.get(url))) == 30
    assert len(many) == len(few)


def test_per_unit_feed_has_meetings_reviewing_its_open_items(client):
    from registers.models import LedgerItem, Minutes

    user = hq_user()
    industry = unit("县工信局")
    earlier = meeting("上次联席会", starts_at=at(2), state=MeetingState.MINUTES_ISSUED)
    minutes = Minutes.objects.create(meeting=earlier, year=2026, serial=9, issued_on=datetime.date(2026, 11, 4),
                                     body="一、议定事项")
    item = LedgerItem(minutes=minutes, text="县工信局牵头解决用电报装")
    item.save()
    LedgerItem.responsible_units.through.objects.create(ledgeritem=item, unit=industry)
    assert list(LedgerItem.objects.filter(responsible_units=industry)) == [item]
    later = meeting("本次联席会", starts_at=at(25))
    group = meeting("农业领导小组会", tier=MeetingTier.GROUP, domain=domain("agriculture"), starts_at=at(26))
    seen = events(client.get(feed_url(user, unit=industry.pk)))
    assert uid(later) in seen
    assert uid(earlier) not in seen and uid(group) not in seen
