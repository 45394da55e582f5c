"""Jobs: an uploaded file kept on disk under a token for the preview → confirm steps (the confirm
re-reads the stored file and writes once; the preview never writes). Large files run in the
Huey worker: ``tasks.imports`` sets ``ASYNC_RUNNER`` here (registers know nothing of tasks).

A running job holds a lease (``registers.core.leases``) renewed by a heartbeat: when its worker
dies the lease lapses, the job reads as failed (the write is one transaction, so nothing was
written) and the admin offers to run it again. Running a job twice is safe: a job another worker
holds, or one already done, returns at once."""

from __future__ import annotations

import fcntl
import os
import re
import socket
import threading
from contextlib import contextmanager
from pathlib import Path

from registers.core.leases import Heartbeat, held_until, lapsed
from registers.imports.results import ImportResult
from registers.sheets import Issue

DIED = "导入进程意外中断（任务进程停止或重启），未写入任何数据：可点击“重新运行”再次执行。"

ASYNC_RUNNER = None  # callable(token, confirm: bool) that enqueues the job, set by tasks.imports


class ImportJob:
    _lock = threading.Lock()  # the heartbeat thread and the job's own thread share the state file

    def __init__(self, token: str):
        from django.conf import settings

        if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
            raise ValueError("bad token")
        self.token = token
        self.dir = Path(settings.VAR_DIR) / "imports" / token

    @classmethod
    def create(cls, kind, upload_name, chunks, *, user, year=None, month=None) -> ImportJob:
        import uuid

        job = cls(uuid.uuid4().hex)
        job.dir.mkdir(parents=True, exist_ok=True)
        safe_name = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", Path(upload_name).name)[-100:] or "upload.xlsx"
        with open(job.dir / safe_name, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        job.save_state({"kind": kind, "filename": safe_name, "year": year, "month": month,
                        "user_id": user.pk if user else None, "status": "queued", "stage": "",
                        "done": 0, "total": 0, "result": None, "confirmed": False})
        return job

    @property
    def path(self) -> Path:
        return self.dir / self.state()["filename"]

    def state(self) -> dict:
        """The job's state; a running job whose lease lapsed is failed from now on."""
        state = self._read()
        if state["status"] == "running" and lapsed(state.get("lease_until")):
            with self._claim():
                state = self._expired(self._read())
        return state

    def _read(self) -> dict:
        import json

        return json.loads((self.dir / "state.json").read_text(encoding="utf-8"))

    def _expired(self, state: dict) -> dict:
        """``state`` with a lapsed lease marked failed (and stored); call under ``_claim``."""
        if state["status"] == "running" and lapsed(state.get("lease_until")):
            state.update(status="failed", error=DIED, lease_until=None)
            self.save_state(state)
        return state

    @contextmanager
    def _claim(self):
        """Exclusive across processes (two workers given the same job) for a read-modify-write."""
        with open(self.dir / "claim.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def save_state(self, state: dict) -> None:
        import json

        tmp = self.dir / "state.json.tmp"
        tmp.write_text(json.dumps(state, ensure_ascii=False, default=str), encoding="utf-8")
        tmp.replace(self.dir / "state.json")

    def update(self, **changes) -> dict:
        with self._lock:
            state = self._read()
            state.update(changes)
            self.save_state(state)
        return state

    def _start_running(self, confirm: bool) -> bool:
        """Take the lease, unless another worker holds it or this phase is already done."""
        with self._claim():
            state = self._expired(self._read())
            if state["status"] == "running":
                return False
            if state["status"] == "done" and (state.get("confirmed") or not confirm):
                return False
            self.update(status="running", stage="read", done=0, phase="confirm" if confirm else "preview",
                        error="", lease_until=held_until(), worker=f"{socket.gethostname()}:{os.getpid()}")
        return True

    def rerun(self, start) -> bool:
        """Run a failed job again in the phase it failed in; ``start(job, confirm)`` runs it."""
        state = self.state()
        if state["status"] != "failed":
            return False
        self.update(status="queued", error="")
        start(self, state.get("phase") == "confirm")
        return True

    def run(self, confirm: bool) -> ImportResult | None:
        """Preview (dry run) or, on confirm, the one write — storing progress for the admin. None
        when another worker holds the job; the stored result when this phase is already done."""
        if not self._start_running(confirm):
            return self.result()
        with Heartbeat(self._renew):
            return self._run(confirm)

    def _renew(self) -> None:
        """The heartbeat: extend the lease of a job still running (never of one just finished)."""
        with self._lock:
            state = self._read()
            if state["status"] == "running":
                state["lease_until"] = held_until()
                self.save_state(state)

    def _run(self, confirm: bool) -> ImportResult:
        from django.contrib.auth import get_user_model

        from registers.imports.pipeline import run_import  # the front door imports this module

        state = self.state()
        user = get_user_model().objects.filter(pk=state["user_id"]).first() if state["user_id"] else None
        if state["user_id"] and user is None:
            # Never run with the full scope of an import without a user.
            result = ImportResult(kind=state["kind"], filename=state["filename"], year=state["year"],
                                  month=state["month"], dry_run=not confirm)
            result.issues.append(Issue("上传该文件的用户已被删除，不能导入：请重新上传。", code="permission"))
            self.update(status="done", stage="done", result=result.as_dict(), confirmed=False, lease_until=None)
            return result

        def progress(done, total, stage):
            self.update(done=done, total=total, stage=stage)

        try:
            result = run_import(state["kind"], self.path, filename=state["filename"], user=user,
                                year=state["year"], month=state["month"], dry_run=not confirm, progress=progress,
                                choices=state.get("choices") or {}, parsed=self._parsed() if confirm else None,
                                keep_parsed=None if confirm else self._keep_parsed)
        except Exception as exc:  # stored for the admin page; never a traceback to the user
            self.update(status="failed", result=None, error=f"导入出错：{type(exc).__name__}", lease_until=None)
            raise
        self.update(status="done", stage="done", result=result.as_dict(), confirmed=confirm, lease_until=None)
        return result

    def _keep_parsed(self, book) -> None:
        """The preview's reading of the file, for the confirm (reading a 20,000-row sheet again
        would cost as long as the preview's validation). Written by this process, in the job's
        own folder under VAR_DIR, next to the uploaded file it was read from."""
        import pickle

        tmp = self.dir / "parsed.pickle.tmp"
        with open(tmp, "wb") as handle:
            pickle.dump(book, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.dir / "parsed.pickle")

    def _parsed(self):
        """The book the preview read, or None (read the file again)."""
        import pickle

        try:
            with open(self.dir / "parsed.pickle", "rb") as handle:
                return pickle.load(handle)  # noqa: S301 - our own file, written by _keep_parsed
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def result(self) -> ImportResult | None:
        data = self.state().get("result")
        return ImportResult.from_dict(data) if data else None
