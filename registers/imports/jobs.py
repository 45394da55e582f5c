"""Jobs: an uploaded file kept on disk under a token for the preview → confirm steps (the confirm
re-reads the stored file and writes once; the preview never writes). Large files run in the
Huey worker: ``tasks.imports`` sets ``ASYNC_RUNNER`` here (registers know nothing of tasks)."""

from __future__ import annotations

import re
from pathlib import Path

from registers.imports.results import ImportResult
from registers.sheets import Issue

ASYNC_RUNNER = None  # callable(token, confirm: bool) that enqueues the job, set by tasks.imports


class ImportJob:
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
        import json

        return json.loads((self.dir / "state.json").read_text(encoding="utf-8"))

    def save_state(self, state: dict) -> None:
        import json

        tmp = self.dir / "state.json.tmp"
        tmp.write_text(json.dumps(state, ensure_ascii=False, default=str), encoding="utf-8")
        tmp.replace(self.dir / "state.json")

    def update(self, **changes) -> dict:
        state = self.state()
        state.update(changes)
        self.save_state(state)
        return state

    def run(self, confirm: bool) -> ImportResult:
        """Preview (dry run) or, on confirm, the one write — storing progress for the admin."""
        from django.contrib.auth import get_user_model

        from registers.imports.pipeline import run_import  # the front door imports this module

        state = self.update(status="running", stage="read", done=0)
        user = get_user_model().objects.filter(pk=state["user_id"]).first() if state["user_id"] else None
        if state["user_id"] and user is None:
            # Never run with the full scope of an import without a user.
            result = ImportResult(kind=state["kind"], filename=state["filename"], year=state["year"],
                                  month=state["month"], dry_run=not confirm)
            result.issues.append(Issue("上传该文件的用户已被删除，不能导入：请重新上传。", code="permission"))
            self.update(status="done", stage="done", result=result.as_dict(), confirmed=False)
            return result

        def progress(done, total, stage):
            self.update(done=done, total=total, stage=stage)

        try:
            result = run_import(state["kind"], self.path, filename=state["filename"], user=user,
                                year=state["year"], month=state["month"], dry_run=not confirm, progress=progress)
        except Exception as exc:  # stored for the admin page; never a traceback to the user
            self.update(status="failed", result=None, error=f"导入出错：{type(exc).__name__}")
            raise
        self.update(status="done", stage="done", result=result.as_dict(), confirmed=confirm)
        return result

    def result(self) -> ImportResult | None:
        data = self.state().get("result")
        return ImportResult.from_dict(data) if data else None
