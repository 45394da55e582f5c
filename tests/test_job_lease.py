"""Import jobs outlive their worker: a lapsed lease reads as failed and the job can run again;
running a job twice is safe; the heartbeat keeps a long job's lease."""

import time
from pathlib import Path

from django.urls import reverse

import pytest

from registers.imports import jobs as jobs_module
from registers.imports.pipeline import ImportJob
from registers.models import Project
from tests.import_helpers import write_xlsx
from tests.registers_factories import hq_user

pytestmark = pytest.mark.django_db

HEADER = ["序号", "项目类别", "项目名称", "建设性质", "建设地点", "总投资", "年度计划投资", "责任单位"]


def _job(tmp_path, user) -> ImportJob:
    rows = [HEADER, [1, "工业", "租约测试项目", "新建", "东山镇", 100, 10, "县发改委"]]
    path = write_xlsx(tmp_path / "lease.xlsx", {"表1": rows})
    return ImportJob.create("projects", "lease.xlsx", [Path(path).read_bytes()], user=user, year=2026)


def _as_if_worker_died(job: ImportJob, phase: str) -> None:
    job.update(status="running", stage="write", phase=phase, lease_until=time.time() - 1, worker="gone:1")


def test_a_job_whose_worker_died_reads_failed_and_runs_again(tmp_path):
    job = _job(tmp_path, hq_user())
    job.run(confirm=False)
    _as_if_worker_died(job, "confirm")
    state = job.state()
    assert state["status"] == "failed"
    assert state["error"] == jobs_module.DIED
    assert not Project.objects.filter(name="租约测试项目").exists()
    assert job.rerun(lambda j, confirm: j.run(confirm))
    state = job.state()
    assert (state["status"], state["confirmed"], state["lease_until"]) == ("done", True, None)
    assert Project.objects.filter(name="租约测试项目").count() == 1


def test_a_job_held_by_a_live_worker_is_not_run_again(tmp_path, monkeypatch):
    job = _job(tmp_path, hq_user())
    job.update(status="running", phase="preview", lease_until=time.time() + 60)
    called = []
    monkeypatch.setattr("registers.imports.pipeline.run_import", lambda *a, **k: called.append(1))
    assert job.run(confirm=False) is None
    assert called == []
    assert job.state()["status"] == "running"
    assert not job.rerun(lambda j, confirm: j.run(confirm))  # only a failed job reruns


def test_a_done_phase_returns_its_result_without_running(tmp_path, monkeypatch):
    job = _job(tmp_path, hq_user())
    first = job.run(confirm=True)
    assert first.written
    monkeypatch.setattr("registers.imports.pipeline.run_import", lambda *a, **k: pytest.fail("ran twice"))
    again = job.run(confirm=True)
    assert again.summary() == first.summary()
    assert job.run(confirm=False).summary() == first.summary()  # a preview after the write: nothing to do
    assert Project.objects.filter(name="租约测试项目").count() == 1


def test_the_heartbeat_keeps_a_long_job_alive(tmp_path, settings, monkeypatch):
    settings.JOB_LEASE_SECONDS = 0.4
    job = _job(tmp_path, hq_user())
    seen = []

    def slow_import(*args, **kwargs):
        for _ in range(6):  # 1.2 s: three leases long, with no progress reported
            time.sleep(0.2)
            seen.append(ImportJob(job.token).state()["status"])
        raise RuntimeError("stop here")

    monkeypatch.setattr("registers.imports.pipeline.run_import", slow_import)
    with pytest.raises(RuntimeError):
        job.run(confirm=False)
    assert seen == ["running"] * 6
    state = job.state()
    assert (state["status"], state["error"], state["lease_until"]) == ("failed", "导入出错：RuntimeError", None)


def test_the_admin_offers_to_rerun_a_failed_job(client, tmp_path):
    user = hq_user()
    client.force_login(user)
    job = _job(tmp_path, user)
    job.run(confirm=False)
    _as_if_worker_died(job, "confirm")
    page = client.get(reverse("registers_import:job", args=[job.token])).content.decode()
    assert jobs_module.DIED in page
    assert "重新运行导入" in page
    status = client.get(reverse("registers_import:status", args=[job.token])).json()
    assert status["status"] == "failed"
    response = client.post(reverse("registers_import:rerun", args=[job.token]))
    assert response.status_code == 302
    assert job.state()["confirmed"] is True
    assert Project.objects.filter(name="租约测试项目").count() == 1


def test_the_confirm_writes_from_the_previews_reading(tmp_path, monkeypatch):
    job = _job(tmp_path, hq_user())
    assert job.run(confirm=False).ok
    assert (job.dir / "parsed.pickle").exists()
    monkeypatch.setattr("registers.imports.pipeline.read_book", lambda *a, **k: pytest.fail("read twice"))
    result = job.run(confirm=True)
    assert result.written
    assert Project.objects.filter(name="租约测试项目").count() == 1
