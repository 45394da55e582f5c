"""The 受理专员名单 sheet: the published commissioners by unit, 单位 (and 受理事项 when a unit has one)
merged per unit block in the xlsx, as the bureau's own sheet."""

from __future__ import annotations

from registers.core.scopes import own_unit_rows
from registers.core.unit_names import COUNTY
from registers.exports.resources import AcceptanceCommissionerResource
from registers.exports.sheet import Sheet
from registers.sheets.columns import label
from snippets.models import AcceptanceCommissioner

# Cell indices of 单位 and 受理事项 in a body row (序号 first); the sheet column is one more.
UNIT, MATTERS = 1, 6


def commissioner_table(queryset):
    queryset = queryset.filter(is_published=True).select_related("unit").order_by(
        "unit__sort_order", "unit__name", "sort_order", "pk")
    dataset = AcceptanceCommissionerResource().export(queryset)
    body = [("data", [seq, *row]) for seq, row in enumerate(dataset, start=1)]
    return f"{COUNTY}重大项目服务受理专员名单", [label("commissioners", "seq"), *dataset.headers], None, body


def _unit_runs(body) -> list[tuple[int, int]]:
    """(first, last) body index of each run of consecutive rows of one unit."""
    runs, start = [], 0
    for i in range(1, len(body) + 1):
        if i == len(body) or body[i][1][UNIT] != body[start][1][UNIT]:
            runs.append((start, i - 1))
            start = i
    return runs


def merge_unit_blocks(body) -> list[tuple[int, int, list[int]]]:
    """Blank the repeated 单位 of each unit block (and its 受理事项, when the same on every row of the
    block) and return the blocks to merge, as ``Sheet.merge_blocks``."""
    blocks = []
    for start, end in _unit_runs(body):
        if end == start:
            continue
        rows = [row for _kind, row in body[start:end + 1]]
        cells = [UNIT]
        if all(row[MATTERS] == rows[0][MATTERS] for row in rows):
            cells.append(MATTERS)
        for row in rows[1:]:
            for index in cells:
                row[index] = None
        blocks.append((start, end, [index + 1 for index in cells]))
    return blocks


def commissioner_sheet(queryset, user, now, *, merged: bool) -> Sheet:
    """The sheet of ``queryset`` (default: every commissioner) narrowed to the user's unit; ``merged``
    for the xlsx (a CSV has no merges, so it repeats the values)."""
    queryset = AcceptanceCommissioner.objects.all() if queryset is None else queryset
    if user is not None:
        queryset = own_unit_rows("unit")(user, queryset)
    title, top, sub, body = commissioner_table(queryset)
    return Sheet(
        sheet_title="受理专员名单",
        title=title,
        unit_line=f"更新时间：{now:%Y年%-m月%-d日}",
        top=top,
        sub=sub,
        body=body,
        footnotes=["注：受理专员名单向社会公布，如有变动请及时报送更新。"],
        merge_blocks=merge_unit_blocks(body) if merged else [],
    )
