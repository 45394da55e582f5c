"""The run register as the record and the lease: a crash leaves a failed run and the previous PDF;
two workers never build one run; a dead worker's run is found and marked failed; the dispatcher
reads the calendar and catches up what was missed, exactly once."""

import datetime
import zoneinfo

from django.utils import timezone

import pytest
import time_machine

from tasks import dispatch as dispatcher
from tasks import periods, runner
from tasks.cycles import Scope
from tasks.models import CalendarEntry, ReportCalendar, ReportRun
from tests.report_helpers import run_report

pytestmark = pytest.mark.django_db
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10, minute=0):
    return datetime.datetime(y, m, d, h, minute, tzinfo=ZONE)


def only(kind="monthly_bulletin", days="6", hour=9, months="", catch_up=31):
    calendar = dispatcher.load_calendar()
    calendar.entries.update(enabled=False)
    calendar.entries.filter(kind=kind).update(enabled=True, days=days, hour=hour, months=months)
    ReportCalendar.objects.filter(pk=calendar.pk).update(catch_up_days=catch_up)


def test_a_crash_leaves_a_failed_run_and_the_previous_pdf(monkeypatch):
    run = run_report("monthly_bulletin", "2024-06")
    assert run.status == "done", run.error
    good = run.path.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(runner, "render_pdf", broken)
    runner.requeue(run)
    run = runner.execute(run.pk)
    assert run.status == "failed" and "磁盘已满" in run.error
    assert run.path.read_bytes() == good  # the last whole PDF stays
    assert not list(run.path.parent.glob(".*.tmp"))


def test_a_first_run_that_crashes_leaves_no_file(monkeypatch):
    monkeypatch.setattr(runner, "render_pdf", lambda *a, **k: (_ for _ in ()).throw(ValueError("坏模板")))
    run = run_report("monthly_bulletin", "2024-07")
    assert run.status == "failed" and run.file == "" and "坏模板" in run.error


def test_two_workers_never_build_one_run_and_a_dead_workers_run_is_marked_failed():
    run, _ = runner.ensure_run("monthly_bulletin", periods.of_month(2024, 6), Scope())
    assert runner.claim(run.pk, "worker-a")
    assert not runner.claim(run.pk, "worker-b")
    assert runner.execute(run.pk).status == "running"  # held: returns without building
    assert runner.sweep_lapsed() == 0
    later = timezone.now() + datetime.timedelta(seconds=runner.lease_seconds() + 5)
    assert runner.sweep_lapsed(later) == 1
    run.refresh_from_db()
    assert run.status == "failed" and run.error == runner.LAPSED_ERROR
    assert runner.execute(run.pk).status == "done"


def test_the_dispatcher_enqueues_what_is_due_once():
    only(catch_up=20)
    queued = []
    with time_machine.travel(at(2024, 7, 6, 10), tick=False):
        result = dispatcher.dispatch(enqueue=queued.append)
    assert [ReportRun.objects.get(pk=pk).period for pk in queued] == ["2024-06"]
    assert result.created == queued
    runner.execute(queued[0])
    with time_machine.travel(at(2024, 7, 6, 10, 5), tick=False):
        assert dispatcher.dispatch(enqueue=queued.append).enqueued == []
    assert ReportRun.objects.filter(kind="monthly_bulletin").count() == 1


def test_the_dispatcher_waits_for_the_hour_and_reads_the_calendar():
    only(hour=9)
    queued = []
    with time_machine.travel(at(2024, 7, 6, 8, 59), tick=False):
        dispatcher.dispatch(enqueue=queued.append)
    assert [ReportRun.objects.get(pk=pk).period for pk in queued] == ["2024-05"]  # 6 June's, not yet 6 July's
    CalendarEntry.objects.filter(kind="monthly_bulletin").update(enabled=False)
    with time_machine.travel(at(2024, 7, 6, 9, 1), tick=False):
        assert dispatcher.dispatch(enqueue=queued.append).created == []


def test_a_cycle_missed_while_the_worker_was_down_runs_when_it_comes_back():
    only(catch_up=60)
    queued = []
    with time_machine.travel(at(2024, 8, 20), tick=False):
        dispatcher.dispatch(enqueue=queued.append)
    assert sorted(ReportRun.objects.get(pk=pk).period for pk in queued) == ["2024-06", "2024-07"]
    only(catch_up=31)
    ReportRun.objects.all().delete()
    with time_machine.travel(at(2024, 8, 20), tick=False):
        dispatcher.dispatch(enqueue=queued.append)
    assert list(ReportRun.objects.values_list("period", flat=True)) == ["2024-07"]


def test_a_failed_run_is_retried_a_few_times_then_left():
    only(catch_up=20)
    with time_machine.travel(at(2024, 7, 6, 10), tick=False):
        dispatcher.dispatch(enqueue=lambda pk: None)
    run = ReportRun.objects.get()
    ReportRun.objects.filter(pk=run.pk).update(status="failed", attempts=1)
    queued = []
    with time_machine.travel(at(2024, 7, 6, 10, 5), tick=False):
        dispatcher.dispatch(enqueue=queued.append)
    assert queued == [run.pk]
    ReportRun.objects.filter(pk=run.pk).update(status="failed", attempts=runner.MAX_ATTEMPTS)
    with time_machine.travel(at(2024, 7, 6, 10, 10), tick=False):
        assert dispatcher.dispatch(enqueue=queued.append).enqueued == []


def test_a_queued_run_whose_task_was_lost_is_enqueued_again():
    only(catch_up=20)
    with time_machine.travel(at(2024, 7, 6, 10), tick=False):
        dispatcher.dispatch(enqueue=lambda pk: None)
    queued = []
    with time_machine.travel(at(2024, 7, 6, 10, 5), tick=False):
        assert dispatcher.dispatch(enqueue=queued.append).enqueued == []  # just enqueued
    with time_machine.travel(at(2024, 7, 6, 10, 15), tick=False):
        assert len(dispatcher.dispatch(enqueue=queued.append).enqueued) == 1


def test_a_day_past_the_months_end_fires_on_its_last_day():
    entry = CalendarEntry(kind="monthly_bulletin", days="31", hour=9)
    found = dispatcher.occurrences(entry, at(2024, 1, 1, 0), at(2024, 4, 30, 23))
    assert [moment.date() for moment in found] == [datetime.date(2024, 1, 31), datetime.date(2024, 2, 29),
                                                   datetime.date(2024, 3, 31), datetime.date(2024, 4, 30)]


def test_the_calendar_refuses_days_and_months_it_cannot_read():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        CalendarEntry(kind="monthly_bulletin", days="1,32", hour=9, months="13").clean()
    assert "32" in str(error.value) and "13" in str(error.value)


@pytest.mark.parametrize(("text", "kind", "key"), [
    ("2022-05", periods.MONTH, "2022-05"), ("2022年5月", periods.MONTH, "2022-05"),
    ("2022-Q2", periods.QUARTER, "2022-Q2"), ("2022年第二季度", periods.QUARTER, "2022-Q2"),
    ("2022", periods.YEAR, "2022"), ("2022-06-18", periods.ROUND, "2022-06-18"),
])
def test_periods_read_as_written(text, kind, key):
    assert periods.parse(text, kind).key == key


@pytest.mark.parametrize(("text", "kind", "words"), [
    ("2022-13", periods.MONTH, "2022-05"), ("2022-06-10", periods.ROUND, "不是收集批次"),
    ("1999", periods.YEAR, "年份超出范围"), ("Q5", periods.QUARTER, "2022-Q2"),
])
def test_a_period_that_cannot_be_read_is_named(text, kind, words):
    with pytest.raises(periods.PeriodError) as error:
        periods.parse(text, kind)
    assert text in str(error.value) and words in str(error.value)


def test_rounds_and_quarters_around_their_edges():
    assert periods.next_round(datetime.date(2024, 6, 1)).key == "2024-06-03"
    assert periods.next_round(datetime.date(2024, 6, 16)).key == "2024-06-18"
    assert periods.next_round(datetime.date(2024, 12, 20)).key == "2025-01-03"
    assert periods.last_round(datetime.date(2024, 6, 4)).key == "2024-06-03"
    assert periods.last_round(datetime.date(2024, 1, 2)).key == "2023-12-18"
    assert periods.previous_quarter(datetime.date(2024, 1, 10)).key == "2023-Q4"
    assert periods.previous_quarter(datetime.date(2024, 7, 10)).key == "2024-Q2"


def test_a_deleted_report_takes_its_pdf_with_it(django_capture_on_commit_callbacks):
    run = run_report("monthly_bulletin", "2024-06")
    path = run.path
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        run.delete()
    assert not path.exists()


def test_a_period_once_dispatched_gets_no_new_scopes_later():
    only(catch_up=20)
    with time_machine.travel(at(2024, 7, 6, 10), tick=False):
        dispatcher.dispatch(enqueue=lambda pk: None)
    assert list(ReportRun.objects.values_list("scope_key", flat=True)) == ["county"]
    from tests.registers_factories import make_project

    make_project("晚到的项目", year=2024, plan=1000)  # a new domain would add a domain bulletin
    with time_machine.travel(at(2024, 7, 6, 10, 30), tick=False):
        dispatcher.dispatch(enqueue=lambda pk: None)
    assert list(ReportRun.objects.values_list("scope_key", flat=True)) == ["county"]


def test_a_deleted_calendar_line_comes_back_switched_off():
    calendar = dispatcher.load_calendar()
    assert calendar.entries.filter(kind="monthly_bulletin", enabled=True).exists()  # a new calendar runs
    calendar.entries.filter(kind="monthly_bulletin").delete()
    dispatcher.load_calendar()
    assert not CalendarEntry.objects.get(kind="monthly_bulletin").enabled


def test_the_document_date_follows_the_calendar_the_office_set():
    only(days="10")
    run = run_report("monthly_bulletin", "2024-06")
    assert run.issued_on == datetime.date(2024, 7, 10)


def test_a_build_whose_lease_was_taken_over_is_not_recorded(monkeypatch):
    run, _ = runner.ensure_run("monthly_bulletin", periods.of_month(2024, 6), Scope())
    original = runner.render_pdf

    def slow_then_taken(*args, **kwargs):
        ReportRun.objects.filter(pk=run.pk).update(worker="another-worker")
        return original(*args, **kwargs)

    monkeypatch.setattr(runner, "render_pdf", slow_then_taken)
    finished = runner.execute(run.pk)
    assert finished.status != "done" and finished.worker == "another-worker"


def test_run_cycle_refuses_a_scope_the_kind_has_not_for_the_period():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("run_cycle", "monthly_bulletin", period="2024-06", scope=["unit:县交运局"])
    assert "范围“unit:县交运局”不适用于2024年6月的monthly_bulletin" in str(error.value)
    assert not ReportRun.objects.exists()
