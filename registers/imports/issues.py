"""The 协调事项汇总表 (issues a unit needs the county to solve, 附件2 三(一)): every row validated in
memory against the register — the project (by 项目编码, else by name), the raising unit, the date
(an Excel date, or typed 2022年6月17日, 2022/6/3, 2022.6.18, 2022-06-19), the proposed tier — then
written in one bulk insert; the collection round comes from the date (``core.periods``). The same
file twice changes nothing: a row with the project, unit, date and problem of an issue already in
the register is that issue (updated when its other columns changed)."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from registers.core.periods import collection_round
from registers.imports.fields import _model_errors, _text
from registers.imports.index import RegisterIndex
from registers.imports.results import ImportResult, RowResult
from registers.sheets import ParsedBook, ParsedRow, ParsedSheet
from snippets.normalize import normalize_name

_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:年|[-/.．])\s*(\d{1,2})\s*(?:月|[-/.．])\s*(\d{1,2})\s*日?\s*$")
# Excel's day 0 (serial numbers in a sheet whose date cells lost their format).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATA_FIELDS = ("category", "request", "proposed_tier", "contact_person", "contact_phone")


def parse_date(value) -> tuple[datetime.date | None, str]:
    """(date, "") or (None, why): a cell's date as a bureau typed it."""
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    if isinstance(value, (int, float)) and 20000 < value < 80000:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value)), ""
    text = _text(value)
    if not text:
        return None, "提报日期为空。"
    match = _DATE.match(text)
    if not match:
        return None, f"提报日期“{text}”无法识别（应如 2022年6月17日、2022/6/17、2022-06-17）。"
    year, month, day = map(int, match.groups())
    try:
        return datetime.date(year, month, day), ""
    except ValueError:
        return None, f"提报日期“{text}”不存在（{year}年{month}月没有{day}日）。"


def parse_tier(text: str) -> tuple[str | None, str]:
    """The tier a 建议协调层级 cell names (blank: 部门联席会, the general one)."""
    from registers.coordination.models import MeetingTier

    text = normalize_name(text)
    if not text:
        return MeetingTier.JOINT, ""
    for tier in MeetingTier:
        label = str(tier.label)
        if text in (label, label.removesuffix("会"), f"{label}议") or label in text:
            return tier.value, ""
    names = "、".join(str(t.label) for t in MeetingTier)
    return None, f"建议协调层级“{text}”不是{names}之一。"


def _project(row: RowResult, sheet: ParsedSheet, values: dict, index: RegisterIndex) -> int | None:
    code = _text(values.get("code"))
    name = _text(values.get("name"))
    col = sheet.column_label
    if code:
        project_id = index.by_code.get(code)
        if project_id is None:
            row.error(f"未知项目编码“{code}”。", col("code"), "unknown_project")
        return project_id
    if not name:
        row.error("项目名称为空。", col("name") if "name" in sheet.columns else col("code"), "missing_name")
        return None
    found = index.by_name.get(normalize_name(name), [])
    if not found:
        row.error(f"未知项目“{name}”：系统中没有该项目（请核对名称，或填写项目编码）。", col("name"), "unknown_project")
        return None
    if len(found) > 1:
        codes = "、".join(index.describe(pid)["code"] or f"#{pid}" for pid in found)
        row.error(f"项目名称“{name}”对应系统中{len(found)}个项目（{codes}）：请填写项目编码。", col("name"),
                  "ambiguous_project")
        return None
    return found[0]


def _check_row(sheet: ParsedSheet, parsed: ParsedRow, index: RegisterIndex):
    """(row result, the issue's field values or None)."""
    values, col = parsed.values, sheet.column_label
    row = RowResult(sheet.name, parsed.number, _text(values.get("name")) or _text(values.get("code")))
    project_id = _project(row, sheet, values, index)
    unit_text = _text(values.get("unit"))
    unit = index.unit(unit_text)
    if not unit_text:
        row.error("提报单位为空。", col("unit"), "missing_unit")
    elif unit is None:
        row.error(f"未知单位“{unit_text}”：请先在“单位”中添加该单位或其别名。", col("unit"), "unknown_unit")
    raised_on, why = parse_date(values.get("raised_on"))
    if why:
        row.error(why, col("raised_on"), "bad_date")
    tier, why = parse_tier(_text(values.get("tier")))
    if why:
        row.error(why, col("tier"), "bad_tier")
    if not _text(values.get("problem")):
        row.error("存在问题为空。", col("problem"), "missing_problem")
    if project_id is not None and index.scope_ids is not None and project_id not in index.scope_ids:
        row.error(f"项目“{row.name}”不在您的数据范围内：只能提报本单位项目的协调事项。", col("name"), "out_of_scope")
    if row.errors:
        return row, None
    row.domain = index.domains_by_id[index.projects[project_id]["domain_id"]].name
    return row, {"project_id": project_id, "raised_by_id": unit.pk, "raised_on": raised_on,
                 "round_date": collection_round(raised_on), "problem": _text(values.get("problem")),
                 "category": _text(values.get("category")), "request": _text(values.get("request")),
                 "proposed_tier": tier, "contact_person": _text(values.get("contact_person")),
                 "contact_phone": _text(values.get("contact_phone"))}


def _existing() -> dict:
    from registers.coordination.models import CoordinationIssue

    fields = ("id", "project_id", "raised_by_id", "raised_on", "problem", *DATA_FIELDS)
    return {(i["project_id"], i["raised_by_id"], i["raised_on"], i["problem"]): i
            for i in CoordinationIssue.objects.values(*fields)}


def _validate_issues(book: ParsedBook, index: RegisterIndex, result: ImportResult) -> list:
    """Every row of every sheet classified; returns the (row, fields, current) to write."""
    from registers.coordination.models import CoordinationIssue

    existing, seen, writes = _existing(), {}, []
    for sheet in book.sheets:
        for parsed in sheet.data_rows:
            row, data = _check_row(sheet, parsed, index)
            result.rows.append(row)
            if data is None:
                continue
            key = (data["project_id"], data["raised_by_id"], data["raised_on"], data["problem"])
            if key in seen:
                row.error(f"与第{seen[key]}行重复（同一项目、单位、日期和问题）。", sheet.column_label("problem"),
                          "duplicate_row")
                continue
            seen[key] = parsed.number
            _model_errors(row, CoordinationIssue(**data), lambda f, col=sheet.column_label: col(_column_of(f)))
            if row.errors:
                continue
            current = existing.get(key)
            changed = [f for f in DATA_FIELDS if current is not None and current[f] != data[f]]
            row.status = "new" if current is None else ("update" if changed else "unchanged")
            row.changes = [str(CoordinationIssue._meta.get_field(f).verbose_name) for f in changed]
            row.figures = {"round": data["round_date"].isoformat()}
            writes.append((row, data, current))
    return writes


def _column_of(field_name: str) -> str:
    from registers.sheets.columns import columns_of_model_field

    found = columns_of_model_field("issues", field_name)
    return found[0] if found else field_name


def _write_issues(writes, result: ImportResult, user=None) -> None:
    from wagtail.log_actions import log

    from registers.coordination.models import CoordinationIssue

    now = timezone.now()
    new = [CoordinationIssue(**data) for row, data, current in writes if current is None]
    changed = [CoordinationIssue(pk=current["id"], updated_at=now, **data) for row, data, current in writes
               if current is not None and row.status == "update"]
    CoordinationIssue.objects.bulk_create(new)
    CoordinationIssue.objects.bulk_update(changed, [*DATA_FIELDS, "updated_at"])
    for action, issues in (("wagtail.create", new), ("wagtail.edit", changed)):
        for issue in issues:
            log(instance=issue, action=action, user=user, data={"source": "import"})
    result.counts = {"issues_created": len(new), "issues_updated": len(changed)}
