"""Validation of the rows of a project sheet and of a progress sheet, in memory against the
``RegisterIndex``: both kinds share this row code (a progress sheet is a project sheet whose project
columns are compared with the register, never written; the month's progress and those comparisons
are in ``registers.imports.progress``). Each row is checked in steps — match the project, domain,
project fields, units, scope, plan, progress — then classified new / update / unchanged / error;
a valid row becomes a ``_Planned`` write.

django-import-export's dry run builds and validates a model instance per row inside a rolled-back
transaction; ours is kept because it validates a whole file against values loaded in a few
queries, with the register's own rules (scope, verified months, the progress rule) and Chinese
messages per column, and writes nothing until every row is valid (``bench/bench_import.py``,
2026-12-02, SQLite, three rounds on a busy machine: the second, unchanged import of the 20,000-row
sheet, which validates every row and writes nothing, takes 4.5 s CPU for the whole command, 1.35×
openpyxl's read of the file; each row's texts and normalised name are read once, places and years
once per distinct text, and a field value through ``clean`` only where a quick test cannot pass it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from registers.imports.fields import _PLAN_FIELDS, _PROJECT_FIELDS, _column, _money, _text, _years
from registers.imports.index import RegisterIndex
from registers.imports.progress import _check_progress, _compare_plan, _compare_project
from registers.imports.results import ZERO, ImportResult, RowResult
from registers.projects.rules import is_preliminary, year_error, years_order_error
from registers.sheets import Issue, ParsedBook, ParsedRow, ParsedSheet
from registers.sheets.columns import label
from registers.sheets.layout import text_of
from snippets.normalize import normalize_name

NATURES = {"新建": "new", "续建": "continuing", "前期": "preliminary", "新开工": "new", "拟建": "preliminary"}
# Project columns of a sheet → model fields (text kept as written, trimmed).
PROJECT_TEXT = {"location": "location", "scale_content": "scale_content", "contact_leaders": "contact_leaders",
                "remarks": "remarks"}
# The year or month cannot be read from the sheet: what the web form says (the command appends
# its flag, ``import_sheet.PERIOD_HINTS``).
YEAR_MISSING = "无法从表格判断年度，请填写年度"
MONTH_MISSING = "无法从表格判断月份（累计完成投资列未写明“1-N月”），请填写月份"


@dataclass
class _Planned:
    """What one valid row would write."""

    row: RowResult
    project_id: int | None
    project: dict  # field → value (full for a new project, changed fields for an update)
    plan: dict | None = None
    progress: dict | None = None
    progress_reset: dict = field(default_factory=dict)  # a verified month changed: back to submitted


class _RowCheck:
    """One project or progress row under validation: what its steps read and find."""

    def __init__(self, book: ParsedBook, sheet: ParsedSheet, parsed: ParsedRow, index: RegisterIndex,
                 year: int, month: int | None):
        self.kind, self.sheet, self.parsed, self.index = book.kind, sheet, parsed, index
        self.year, self.month = year, month
        self.values = parsed.values
        self.col = sheet.column_label
        self._texts: dict[str, str] = {}
        self.name = self.text("name")
        self.normalized_name = normalize_name(self.name)  # once per row: the file's key, the match, the field
        self.result = RowResult(sheet.name, parsed.number, self.name)
        self.code = ""
        self.project_id: int | None = None
        self.current: dict | None = None  # the register's project of the row
        self.fields: dict = {}  # project field → value read from the sheet
        self.merged: dict = {}  # the register's project with the sheet's fields over it
        self.planned = self.prior = self.ytd = None  # the row's amounts (万元)
        self.existing_plan: dict | None = None
        self.project_changes: dict = {}
        self.plan_changes: dict | None = None
        self.progress_changes: dict | None = None
        self.progress_reset: dict = {}

    def has(self, column: str) -> bool:
        return column in self.sheet.columns

    def text(self, column: str) -> str:
        """The column's cell text as written, trimmed (read once per row and column)."""
        try:
            return self._texts[column]
        except KeyError:
            text = self._texts[column] = _text(self.values.get(column))
            return text

    def unit(self, text: str):
        """The unit a name, short name or alias stands for (None for blank text or none)."""
        return self.index.unit(text)


def _validate_project_row(book: ParsedBook, sheet: ParsedSheet, parsed: ParsedRow, index: RegisterIndex,
                          seen: dict, year: int, month: int | None) -> tuple[RowResult, _Planned | None]:
    row = _RowCheck(book, sheet, parsed, index, year, month)
    if not (_check_name(row, seen) and _match_project(row)):
        return row.result, None
    _check_domain(row)
    _read_project_fields(row)
    _check_units(row)
    _check_scope(row)
    _read_amounts(row)
    if row.result.errors:
        row.result.status = "error"
        return row.result, None
    _check_project(row)
    _check_plan(row)
    _check_progress(row)
    return row.result, _classify(row)


# 1. Which project ---------------------------------------------------------------------------------


def _check_name(row: _RowCheck, seen: dict) -> bool:
    """A name within the model's length, and no other row of the file for the same code or name."""
    from registers.models import Project

    name, result, col = row.name, row.result, row.col
    max_name = Project._meta.get_field("name").max_length
    if not name:
        result.error("项目名称为空。", col("name"), "missing_name")
        return False
    if len(name) > max_name:
        result.error(f"项目名称过长（{len(name)}字，最多{max_name}字），不会截断，请修改后重新导入。",
                     col("name"), "too_long")
        result.name = name[:60] + "…"
        return False
    row.code = code = row.text("code") if row.has("code") else ""
    # Without a code, one name may stand for several projects of different units (高标准农田建设项目).
    unit_text = normalize_name(row.text("responsible_unit")) if row.has("responsible_unit") else ""
    key = ("code", code) if code else ("name", row.normalized_name, unit_text)
    if key in seen:
        first_sheet, first_row = seen[key]
        where = f"第{first_row}行" if first_sheet == row.sheet.name else f"工作表“{first_sheet}”第{first_row}行"
        result.error(f"与{where}重复（同一{'项目编码' if code else '项目名称'}在文件中出现两次），请只保留一行。",
                     col("code" if code else "name"), "duplicate_row")
        return False
    seen[key] = (row.sheet.name, row.parsed.number)
    return True


def _match_project(row: _RowCheck) -> bool:
    """Which project (``index.match_by``): by code when the row has one, else by name — narrowed by
    the responsible unit, then by the user's choice in the preview, when the name alone matches
    several. A progress row must match one."""
    index, code = row.index, row.code
    project_id = None
    if index.match_by == "code" and not code:
        row.result.error("按项目编码匹配：该行没有项目编码。", row.col("code") or row.col("name"), "missing_code")
        return False
    if code and code in index.by_code and index.match_by != "name+unit":
        project_id = index.by_code[code]
    elif index.match_by == "name+unit" or not code or not row.has("code"):
        found = _by_name(row)
        if found is False:
            return False
        project_id = found
    row.project_id = project_id
    row.current = index.projects.get(project_id) if project_id else None
    if row.kind == "progress" and row.current is None:
        row.result.error("项目不在总台账中（按项目名称未找到），请先导入或新增该项目。", row.col("name"),
                         "unknown_project")
        return False
    return True


def _by_name(row: _RowCheck):
    """The project a row's name (and unit) stands for, None for a new one, False when ambiguous
    (an error listing the candidates, which the preview offers as a choice)."""
    index = row.index
    candidates = index.by_name.get(row.normalized_name, [])
    unit = row.unit(row.text("responsible_unit")) if row.has("responsible_unit") else None
    if index.match_by == "name+unit" or len(candidates) > 1:
        narrowed = [pid for pid in candidates
                    if unit is not None and index.projects[pid]["responsible_unit_id"] == unit.pk]
        if index.match_by == "name+unit" or narrowed:
            candidates = narrowed
    chosen = index.choices.get(f"{row.sheet.name}|{row.parsed.number}")
    if len(candidates) > 1 and chosen in candidates:
        return chosen
    if len(candidates) > 1:
        listed = [index.describe(pid) for pid in candidates]
        shown = "；".join(f"{c['code'] or '无编码'}（{c['unit']}，{c['place'] or '乡镇未填'}，总投资{c['total']}万元）"
                         for c in listed)
        row.result.error(f"项目名称对应系统中{len(candidates)}个项目：{shown}。请在预览中选择是哪一个，或在表中填写项目编码。",
                         row.col("name"), "ambiguous_project", extra={"candidates": listed})
        return False
    return candidates[0] if candidates else None


# 2. Domain and project fields ---------------------------------------------------------------------


def _check_domain(row: _RowCheck) -> None:
    """Domain: the 项目类别 column, else the section row, else the sheet name or title. Starts the
    row's fields (name, code, domain)."""
    index, result = row.index, row.result
    domain_text = row.text("domain") if row.has("domain") else ""
    domain_text = domain_text or row.parsed.domain or ""
    domain = index.domains.get(normalize_name(domain_text).removesuffix("项目")) if domain_text else None
    if domain_text and domain is None:
        result.error(f"未知领域“{domain_text}”（应为{'、'.join(index.domain_names)}之一）。", row.col("domain"),
                     "unknown_domain")
    result.domain = domain.name if domain else (domain_text or "")

    row.fields = {"name": row.name, "normalized_name": row.normalized_name}
    if row.code:
        row.fields["code"] = row.code
    if domain:
        row.fields["domain_id"] = domain.pk
    elif row.current is None and not domain_text:
        result.error("无法确定项目所属领域：表中既无“项目类别”列，也无“一、××项目”分组行或以领域命名的工作表。",
                     row.col("name"), "missing_domain")


def _read_project_fields(row: _RowCheck) -> None:
    """建设性质, the text columns, 乡镇, 建设起止年限 and the investments."""
    fields = row.fields
    if row.has("nature"):
        nature_text = row.text("nature")
        if nature_text:
            nature = NATURES.get(text_of(nature_text))
            if nature is None:
                row.result.error(f"建设性质“{nature_text}”无效（应为新建、续建或前期）。", row.col("nature"), "invalid")
            else:
                fields["nature"] = nature
    for column, model_field in PROJECT_TEXT.items():
        if row.has(column):
            fields[model_field] = row.text(column)
    if row.has("township") or row.has("location"):
        _read_place(row)
    _read_years(row)
    _read_investments(row)


def _read_place(row: _RowCheck) -> None:
    """所在乡镇: one township, several, or the whole county (``projects.locations``); without that
    column, 建设地点 when it names townships only. An unknown township is an error of 所在乡镇 only."""
    own_column = row.has("township") and row.text("township")
    place = row.text("township") if own_column else row.text("location")
    if not place:
        return
    countywide, found, unknown = row.index.place(place)
    if countywide:
        row.fields["townships"], row.fields["is_countywide"] = (), True
        return
    if unknown and own_column:
        row.result.error(f"未知乡镇“{'、'.join(unknown)}”（多个乡镇用“、”分隔，全县性项目填“全县”）。",
                         row.col("township"), "unknown_unit")
    elif not unknown:
        row.fields["townships"], row.fields["is_countywide"] = found, False


def _read_years(row: _RowCheck) -> None:
    """Start and end year from 建设起止年限 or their own columns; a new project without them
    runs in the import's year."""
    start, end = _years(row.values.get("years")) if row.has("years") else (None, None)
    if row.has("start_year"):
        start = _years(row.values.get("start_year"))[0] or start
    if row.has("end_year"):
        end = _years(row.values.get("end_year"))[0] or end
    if start:
        row.fields["start_year"], row.fields["end_year"] = start, end or start
    elif row.current is None:
        row.fields["start_year"] = row.fields["end_year"] = row.year
        if row.has("years"):
            row.result.warn(f"建设起止年限空白或无法识别，按{row.year}年处理。", row.col("years"), "years_default")


def _read_investments(row: _RowCheck) -> None:
    for name in ("total_investment", "government_investment", "social_investment"):
        # Blank: no change to an existing project; a new project's 总投资 is 0 (with a warning).
        amount = _money(row.sheet, row.parsed, row.result, name, row.col(name).split(" ", 1)[-1],
                        blank_as_zero=row.current is None, warning="blank_total" if name == "total_investment" else "")
        if amount is not None:
            row.fields[name] = amount


# 3. Units -----------------------------------------------------------------------------------------


def _check_units(row: _RowCheck) -> None:
    """项目业主 (a unit when it names one, else an enterprise by name) and 责任单位 (a unit of the
    register, required for a new project of a project sheet)."""
    fields, result = row.fields, row.result
    if row.has("owner"):
        owner = row.text("owner")
        fields["owner_name"] = owner
        unit = row.unit(owner)
        fields["owner_unit_id"] = unit.pk if unit else None  # an enterprise stays a name only
    if row.has("responsible_unit"):
        responsible = row.text("responsible_unit")
        unit = row.unit(responsible)
        if responsible and unit is None:
            result.error(f"未知单位“{responsible}”：责任单位须是系统中已有的单位（或其简称、别名）。",
                         row.col("responsible_unit"), "unknown_unit")
        elif unit is not None:
            fields["responsible_unit_id"] = unit.pk
    if (row.current is None and "responsible_unit_id" not in fields and row.kind == "projects"
            and not any(i.code == "unknown_unit" for i in result.issues)):
        result.error("责任单位为空：新项目必须填写责任单位。", row.col("responsible_unit") or "责任单位",
                     "missing_unit")


# 4. Scope -----------------------------------------------------------------------------------------


def _check_scope(row: _RowCheck) -> None:
    """Row scope: a reporter cannot import another unit's rows, nor add or edit a row out of the
    scope (the admin form's rule, ``scopes.project_in_scope``); re-checked at write time."""
    index, current, fields = row.index, row.current, row.fields
    if current is not None and index.scope_ids is not None and row.project_id not in index.scope_ids:
        row.result.error("无权导入该行：项目不在您的管理范围内（非本单位项目）。", row.col("name"), "out_of_scope")
    elif current is None and not (index.may_add and index.in_scope(fields)):
        row.result.error("无权新增该项目：只能新增本单位（本领域）的项目。", row.col("name"), "out_of_scope")
    elif current is not None and row.kind == "projects" and not index.full_scope \
            and any(current.get(k) != v for k, v in fields.items()) and not index.in_scope({**current, **fields}):
        row.result.error("保存后该项目将超出您的数据范围（领域、责任单位或业主单位须属于本单位），请核对后再导入。",
                         row.col("name"), "out_of_scope")


# 5. Plan and progress amounts ---------------------------------------------------------------------


def _read_amounts(row: _RowCheck) -> None:
    """Annual plan of the year and the year-to-date progress of the month.
    Blank: no change of a plan or month the register has; 0 for a new one (a progress sheet
    warns of a blank year-to-date)."""
    index, project_id, month = row.index, row.project_id, row.month
    plan_exists = bool(project_id and project_id in index.plans) or row.kind == "progress"  # no 0 plan from it
    month_exists = bool(project_id and month and month in index.progress.get(project_id, {}))
    sheet, parsed, result = row.sheet, row.parsed, row.result
    row.planned = _money(sheet, parsed, result, "annual_plan", label("projects", "annual_plan"),
                         blank_as_zero=not plan_exists)
    row.prior = _money(sheet, parsed, result, "prior_cumulative", label("projects", "prior_cumulative"),
                       blank_as_zero=not plan_exists)
    row.ytd = _money(sheet, parsed, result, "completed_ytd", label("projects", "completed_ytd"),
                     blank_as_zero=not month_exists, warning="blank_as_zero" if row.kind == "progress" else "")


# 6. The project, its plan -------------------------------------------------------------------------


def _check_project(row: _RowCheck) -> None:
    """The project as it would be saved, through the model's own validation; what changes."""
    from registers.models import Project

    current, result = row.current, row.result
    if row.kind == "progress":
        _compare_project(row)
        row.fields = {}
    fields = row.fields
    merged = row.merged = {**(current or {}), **fields}
    if current is None:
        merged.setdefault("nature", "new")
        merged["stage"] = "preliminary" if merged["nature"] == "preliminary" else "construction"
    # The model's own validation, as an admin form would run it (field validators, then clean()).
    errors = _PROJECT_FIELDS.errors(merged) or years_order_error(merged.get("start_year"), merged.get("end_year"))
    for field_name, messages in errors.items():
        for message in [messages] if isinstance(messages, str) else messages:
            result.error(message, _column(row.sheet, field_name), "invalid")
    if current is None:
        row.project_changes = dict(merged)
    else:
        row.project_changes = {k: v for k, v in fields.items() if current.get(k) != v}
    if row.project_changes and current is not None:
        result.changes += [Project._meta.get_field(k.removesuffix("_id")).verbose_name for k in row.project_changes
                           if k != "normalized_name"]


def _check_plan(row: _RowCheck) -> None:
    """The year's plan a row writes (a progress sheet writes only a missing one), validated as
    ``AnnualPlan`` would be."""
    existing_plan = row.existing_plan = row.index.plans.get(row.project_id) if row.project_id else None
    if row.kind == "progress" and existing_plan is not None:
        _compare_plan(row)
    elif row.kind == "progress" and row.planned is None:
        row.prior = None  # a plan is created from a progress sheet only with its 年度计划投资
    planned, prior = row.planned, row.prior
    if (planned is None and prior is None) or (row.kind == "progress" and existing_plan):
        return
    plan = {"planned_investment": planned if planned is not None else (
        existing_plan["planned_investment"] if existing_plan else ZERO),
        "prior_cumulative": prior if prior is not None else (
        existing_plan["prior_cumulative"] if existing_plan else ZERO)}
    if existing_plan is None or any(existing_plan[k] != v for k, v in plan.items()):
        row.plan_changes = plan
        row.result.changes.append(f"{row.year}年计划")
    merged = row.merged
    errors = _PLAN_FIELDS.errors({"year": row.year, **plan})
    if not errors and (message := year_error(row.year, merged.get("start_year"), merged.get("end_year"),
                                             is_preliminary(merged.get("nature"), merged.get("stage")))):
        errors = {"year": [message]}  # AnnualPlan.clean()
    for field_name, messages in errors.items():
        for message in messages:
            row.result.error(message, _column(row.sheet, "year") if field_name == "year" else row.col("annual_plan"),
                             "invalid")


# 7. Classification --------------------------------------------------------------------------------


def _classify(row: _RowCheck) -> _Planned | None:
    """new / update / unchanged, and what the row would write; None for a row with an error."""
    result = row.result
    if result.errors:
        result.status = "error"
        return None
    if row.current is None:
        result.status = "new"
    elif row.project_changes or row.plan_changes or row.progress_changes:
        result.status = "update"
    else:
        result.status = "unchanged"
    planned_row = _Planned(result, row.project_id, row.project_changes, row.plan_changes, row.progress_changes)
    if row.progress_changes is not None:
        planned_row.progress_reset = row.progress_reset
    return planned_row


def _validate_projects(book: ParsedBook, index: RegisterIndex, result: ImportResult, progress_cb=None):
    plans: list[_Planned] = []
    seen: dict = {}
    year, month = book.year, book.month
    if not year:
        result.issues.append(Issue(YEAR_MISSING, code="period"))
        return plans
    has_ytd = any("completed_ytd" in s.columns for s in book.sheets)
    if has_ytd and not month:
        result.issues.append(Issue(MONTH_MISSING, code="period"))
        return plans
    if book.kind == "progress" and not has_ytd:
        result.issues.append(Issue("缺少必需的列“1-N月完成投资”（累计完成投资）。", code="missing_column"))
        return plans
    total = sum(len(s.data_rows) for s in book.sheets)
    done = 0
    for sheet in book.sheets:
        for parsed in sheet.data_rows:
            row_result, planned = _validate_project_row(book, sheet, parsed, index, seen, year, month)
            result.rows.append(row_result)
            if planned is not None:
                plans.append(planned)
            done += 1
            if progress_cb and done % 1000 == 0:
                progress_cb(done, total, "validate")
    return plans
