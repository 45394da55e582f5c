"""The one import code path: the admin (preview → confirm, or a Huey task) and ``import_sheet``
all call ``run_import``.

1. read the file and its layout (``registers.sheets``; no database);
2. validate every row in memory against an index of the register loaded in a few queries
   (``registers.imports.index``) — the same model validation and progress rule
   (``registers.projects.rules.ytd_errors``) as an admin edit, and the user's row scope
   (``registers.core.scopes``) — and classify it new / update / unchanged / error
   (``registers.imports.projects``, ``.progress``, ``.commissioners``, ``.issues``, ``.duties``);
3. only when no row has an error and this is not a dry run: write everything with bulk
   operations in one transaction, with one Wagtail revision (who, when) per changed project
   and progress row (``registers.imports.writer``). Any error means nothing is written; the same
   file twice changes nothing.

The names other code imports from here (results, jobs, period messages) are re-exported; the
Huey hook ``ASYNC_RUNNER`` lives in ``registers.imports.jobs``.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from cms.cache import invalidate_public
from registers.imports.commissioners import _validate_commissioners, _write_commissioners
from registers.imports.duties import DUTY_KINDS, validate_and_write_duties
from registers.imports.index import RegisterIndex
from registers.imports.issues import _validate_issues, _write_issues
from registers.imports.jobs import ImportJob
from registers.imports.projects import MONTH_MISSING, YEAR_MISSING, _validate_projects
from registers.imports.results import STATUS_LABELS, ImportResult, RowResult, accepted_totals
from registers.imports.writer import _Rollback, _write_projects
from registers.sheets import BadFile, Issue, ParsedBook, parse_book, read_book

__all__ = ["MONTH_MISSING", "STATUS_LABELS", "YEAR_MISSING", "ImportJob", "ImportResult", "RegisterIndex",
           "RowResult", "_Rollback", "accepted_totals", "parse_file", "run_import"]


def parse_file(kind: str, path, filename: str | None = None, year=None, month=None) -> ParsedBook:
    from snippets.models import Domain

    filename = filename or Path(path).name
    raw = read_book(path, filename)
    return parse_book(raw, kind, filename, list(Domain.objects.values_list("name", flat=True)), year, month)


def run_import(kind: str, path, *, filename: str | None = None, user=None, year: int | None = None,
               month: int | None = None, dry_run: bool = False, progress=None, match_by: str = "auto",
               choices: dict | None = None, parsed: ParsedBook | None = None, keep_parsed=None) -> ImportResult:
    """Validate ``path`` and, unless ``dry_run`` or any error, write it all in one transaction.
    ``match_by`` and ``choices`` say which project a row means (``RegisterIndex``). ``parsed``: the
    book a preview already read from this file (the confirm does not read it again);
    ``keep_parsed(book)`` is given the book read here.

    ``progress(done, total, stage)`` is called now and then (the Huey task stores it for the
    admin's progress bar)."""
    filename = filename or Path(path).name
    result = ImportResult(kind=kind, filename=filename, year=year, month=month, dry_run=dry_run)
    if user is not None and not user.is_active:
        result.issues.append(Issue("用户已停用，不能导入。", code="permission"))
        return result
    try:
        book = parsed if parsed is not None else parse_file(kind, path, filename, year, month)
    except BadFile as exc:
        result.issues.append(Issue(exc.message, code="bad_file"))
        return result
    if keep_parsed is not None and parsed is None:
        keep_parsed(book)
    result.year, result.month = book.year, book.month
    result.issues.extend(book.issues)
    for sheet in book.sheets:
        result.issues.extend(sheet.issues)
    if progress:
        progress(0, sum(len(s.data_rows) for s in book.sheets), "validate")
    if any(i.is_error for i in result.issues):
        return result
    try:
        with transaction.atomic():
            index = RegisterIndex(kind, book.year, book.month, user, match_by=match_by, choices=choices)
            if not _validate_and_write(kind, book, index, user, result, dry_run, progress):
                return result
            # Bulk writes send no model signals: the public pages and API showing the register go stale here.
            transaction.on_commit(invalidate_public)
    except _Rollback:
        result.written = False
    if progress:
        progress(len(result.rows), len(result.rows), "done")
    return result


def _validate_and_write(kind: str, book: ParsedBook, index: RegisterIndex, user, result: ImportResult,
                        dry_run: bool, progress) -> bool:
    """Inside the transaction: validate every row, then write only a valid file that is no dry run.
    False when it stopped before writing (an error, or a dry run)."""
    if kind in DUTY_KINDS:
        if not validate_and_write_duties(kind, book, index, result, dry_run):
            return False
    elif kind == "commissioners":
        writes, unpublish = _validate_commissioners(book, index, result)
        if result.errors or dry_run:
            return False
        _write_commissioners(writes, unpublish, result)
    elif kind == "issues":
        writes = _validate_issues(book, index, result)
        if result.errors or dry_run:
            return False
        _write_issues(writes, result, user)
        result.project_ids = sorted({data["project_id"] for _row, data, _current in writes})
    else:
        plans = _validate_projects(book, index, result, progress)
        if result.errors or dry_run:
            return False
        _write_projects(plans, index, result, user, {s.name: s.reporter_name for s in book.sheets}, progress)
        result.project_ids = sorted({p.project_id for p in plans if p.project_id})
    result.written = True
    return True
