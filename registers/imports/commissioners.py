"""The 受理专员 (acceptance commissioners) sheet: each unit's list, validated in memory and written
in bulk; a commissioner dropped from their unit's list is unpublished (the history of who served
stays), never deleted."""

from __future__ import annotations

from django.utils import timezone

from registers.imports.fields import _model_errors, _text
from registers.imports.index import RegisterIndex
from registers.imports.results import ImportResult, RowResult
from registers.sheets import ParsedBook, ParsedSheet

# Model field → sheet column, for messages.
_LABELS = {"name": "name", "post": "post", "office_phone": "office_phone", "mobile": "mobile", "matters": "matters"}


def _validate_commissioners(book: ParsedBook, index: RegisterIndex, result: ImportResult):
    """Every row of every sheet classified; returns (writes, ids to unpublish)."""
    from snippets.models import AcceptanceCommissioner

    existing = {(c["unit_id"], c["name"]): c for c in AcceptanceCommissioner.objects.values(
        "id", "unit_id", "name", "post", "office_phone", "mobile", "matters", "is_published", "sort_order")}
    writes = []
    seen: dict = {}
    units_in_file: set[int] = set()
    for sheet in book.sheets:
        unit_text, matters, position = "", "", {}
        for parsed in sheet.data_rows:
            values = parsed.values
            unit_text, matters = _block(values, unit_text, matters)
            name = _text(values.get("name"))
            row = RowResult(sheet.name, parsed.number, name, domain=unit_text)
            result.rows.append(row)
            unit = _check_unit_and_name(row, sheet, index, unit_text, name)
            if row.errors:
                continue
            row.domain = str(unit)
            key = (unit.pk, name)
            if key in seen:
                row.error(f"与第{seen[key]}行重复（同一单位同名专员）。", sheet.column_label("name"), "duplicate_row")
                continue
            seen[key] = parsed.number
            position[unit.pk] = position.get(unit.pk, 0) + 1
            data = {"post": _text(values.get("post")), "office_phone": _text(values.get("office_phone")),
                    "mobile": _text(values.get("mobile")), "matters": matters, "is_published": True,
                    "sort_order": position[unit.pk]}
            instance = AcceptanceCommissioner(unit=unit, name=name, **data)
            _model_errors(row, instance, lambda f, col=sheet.column_label: col(_LABELS.get(f, f)))
            if row.errors:
                continue
            units_in_file.add(unit.pk)
            _classify(row, data, existing.get(key))
            writes.append((row, instance, existing.get(key)))
    return writes, _unpublished(existing, units_in_file, seen, index, result)


def _block(values: dict, unit_text: str, matters: str) -> tuple[str, str]:
    """单位 and 受理事项 are merged vertically: only the block's first row holds them."""
    if _text(values.get("unit")):
        return _text(values.get("unit")), _text(values.get("matters"))
    if _text(values.get("matters")):
        return unit_text, _text(values.get("matters"))
    return unit_text, matters


def _check_unit_and_name(row: RowResult, sheet: ParsedSheet, index: RegisterIndex, unit_text: str, name: str):
    """The row's unit (None when unknown or blank), a name, and the user's own unit."""
    col = sheet.column_label
    unit = index.unit(unit_text)
    if not unit_text:
        row.error("单位为空。", col("unit"), "missing_unit")
    elif unit is None:
        row.error(f"未知单位“{unit_text}”：请先在“单位”中添加该单位或其别名。", col("unit"), "unknown_unit")
    if not name:
        row.error("姓名为空。", col("name"), "missing_name")
    if unit is not None and not index.full_scope and unit.pk != index.user_unit_id:
        row.error(f"无权导入“{unit_text}”的受理专员：只能导入本单位的名单。", col("unit"), "out_of_scope")
    return unit


def _classify(row: RowResult, data: dict, current: dict | None) -> None:
    from snippets.models import AcceptanceCommissioner

    if current is None:
        row.status = "new"
    elif any(current[k] != v for k, v in data.items()):
        row.status = "update"
        row.changes = [AcceptanceCommissioner._meta.get_field(k).verbose_name for k, v in data.items()
                       if current[k] != v]
    else:
        row.status = "unchanged"


def _unpublished(existing: dict, units_in_file: set[int], seen: dict, index: RegisterIndex,
                 result: ImportResult) -> list[int]:
    """Dropped from this sheet: unpublished (the history of who served stays), never deleted."""
    unpublish = []
    for (unit_id, name), current in existing.items():
        if unit_id in units_in_file and (unit_id, name) not in seen and current["is_published"]:
            row = RowResult("", 0, name, status="unpublish", domain=index.unit_names.get(unit_id, ""))
            row.changes = ["不再在名单中：撤下（不删除）"]
            result.rows.append(row)
            unpublish.append(current["id"])
    return unpublish


def _write_commissioners(writes, unpublish, result: ImportResult):
    from snippets.models import AcceptanceCommissioner

    fields = ["post", "office_phone", "mobile", "matters", "is_published", "sort_order", "updated_at"]
    now = timezone.now()
    new = [instance for row, instance, current in writes if current is None]
    changed = []
    for row, instance, current in writes:
        if current is not None and row.status == "update":
            instance.pk = current["id"]
            instance.updated_at = now
            changed.append(instance)
    AcceptanceCommissioner.objects.bulk_create(new)
    AcceptanceCommissioner.objects.bulk_update(changed, fields)
    AcceptanceCommissioner.objects.filter(pk__in=unpublish).update(is_published=False, updated_at=now)
    result.counts = {"commissioners_created": len(new), "commissioners_updated": len(changed),
                     "commissioners_unpublished": len(unpublish)}
