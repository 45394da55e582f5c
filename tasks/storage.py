"""Where report PDFs live: ``REPORTS_ROOT`` (default ``var/reports``), outside the public media
folder — a warning letter is not for the public; the admin serves each file after a scope check."""

from pathlib import Path

from django.conf import settings


def reports_root() -> Path:
    return Path(getattr(settings, "REPORTS_ROOT", None) or Path(settings.VAR_DIR) / "reports")


def relative_path(kind: str, period: str, scope_key: str) -> str:
    return f"{kind}/{period}/{kind}_{period}_{scope_key.replace(':', '-')}.pdf"


def report_path(relative: str) -> Path:
    root = reports_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(f"报告路径越界：{relative}")
    return path
