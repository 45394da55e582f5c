"""The one import code path: the admin (preview → confirm, or a Huey task) and ``import_sheet``
all call ``run_import``.

1. read the file and its layout (``registers.sheets``; no database);
2. validate every row in memory against an index of the register loaded in a few queries —
   the same model validation and progress rule (``registers.projects.rules.ytd_errors``) as an admin
   edit, and the user's row scope (``registers.core.scopes``) — and classify it new / update /
   unchanged / error;
3. only when no row has an error and this is not a dry run: write everything with bulk
   operations in one transaction, with one Wagtail revision (who, when) per changed project
   and progress row. Any error means nothing is written; the same file twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from registers.core import scopes
from registers.core.cells import unescape_formula
from registers.projects.rules import (
    above_plan,
    above_total,
    is_preliminary,
    verified_change,
    year_error,
    years_order_error,
    ytd_errors,
)
from registers.sheets import BadFile, Issue, ParsedBook, ParsedRow, ParsedSheet, parse_book, read_book
from registers.sheets.layout import text_of
from snippets.normalize import normalize_name

ZERO = Decimal("0")
NATURES = {"新建": "new", "续建": "continuing", "前期": "preliminary", "新开工": "new", "拟建": "preliminary"}
# Project columns of a sheet → model fields (text kept as written, trimmed).
PROJECT_TEXT = {"location": "location", "scale_content": "scale_content", "contact_leaders": "contact_leaders",
                "remarks": "remarks"}
PROGRESS_TEXT = {"image_progress": "image_progress", "problems": "problems"}
STATUS_LABELS = {"new": "新增", "update": "更新", "unchanged": "无变化", "error": "错误", "unpublish": "撤下"}
# The year or month cannot be read from the sheet: what the web form says (the command appends
# its flag, ``import_sheet.PERIOD_HINTS``).
YEAR_MISSING = "无法从表格判断年度，请填写年度"
MONTH_MISSING = "无法从表格判断月份（累计完成投资列未写明“1-N月”），请填写月份"


@dataclass
class RowResult:
    sheet: str
    row: int
    name: str
    status: str = "unchanged"
    domain: str = ""
    changes: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # cleaned amounts (万元, as str) for totals and the preview

    @property
    def errors(self):
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self):
        return [i for i in self.issues if not i.is_error]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def _said(self, reason, column) -> bool:
        """The same message for the same column is given once per row."""
        return any(i.reason == reason and i.column == column for i in self.issues)

    def error(self, reason, column="", code=""):
        if not self._said(reason, column):
            self.issues.append(Issue(reason, sheet=self.sheet, row=self.row, column=column, code=code))
        self.status = "error"

    def warn(self, reason, column="", code=""):
        if not self._said(reason, column):
            self.issues.append(Issue(reason, sheet=self.sheet, row=self.row, column=column, level="warning",
                                     code=code))

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "name": self.name, "status": self.status,
                "domain": self.domain, "changes": self.changes, "figures": self.figures,
                "issues": [i.as_dict() for i in self.issues]}

    @classmethod
    def from_dict(cls, data: dict) -> RowResult:
        issues = [Issue(**{k: v for k, v in i.items()}) for i in data.pop("issues", [])]
        return cls(**data, issues=issues)


@dataclass
class ImportResult:
    kind: str
    filename: str
    year: int | None = None
    month: int | None = None
    dry_run: bool = False
    written: bool = False
    rows: list[RowResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # file and sheet level
    counts: dict = field(default_factory=dict)  # what was (or would be) written

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error] + [i for r in self.rows for i in r.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error] + [i for r in self.rows for i in r.warnings]

    @property
    def ok(self) -> bool:
        return not self.errors

    def status_counts(self) -> dict[str, int]:
        counts = {"new": 0, "update": 0, "unchanged": 0, "error": 0, "unpublish": 0}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    @property
    def changed(self) -> bool:
        counts = self.status_counts()
        return bool(counts["new"] or counts["update"] or counts["unpublish"])

    def summary(self) -> str:
        counts = self.status_counts()
        kind = {"projects": "项目", "progress": "月度进展", "commissioners": "受理专员"}[self.kind]
        period = f"{self.year or '—'}年" + (f"{self.month}月" if self.month else "")
        period = "" if self.kind == "commissioners" else f"，{period}"
        parts = [f"新增{counts['new']}", f"更新{counts['update']}", f"无变化{counts['unchanged']}",
                 f"错误{counts['error']}"]
        if self.kind == "commissioners":
            parts.append(f"撤下{counts['unpublish']}")
        head = f"{self.filename}（{kind}{period}）：共{len([r for r in self.rows if r.status != 'unpublish'])}行，"
        head += "，".join(parts) + f"，警告{len(self.warnings)}条。"
        if self.errors:
            tail = f"有{len(self.errors)}个错误，未导入任何数据。"
        elif self.dry_run:
            tail = "试运行：未写入。"
        elif self.written and self.changed:
            tail = "已导入。"
        else:
            tail = "与系统中数据一致，未作任何修改。"
        return head + tail

    def as_dict(self) -> dict:
        return {"kind": self.kind, "filename": self.filename, "year": self.year, "month": self.month,
                "dry_run": self.dry_run, "written": self.written, "counts": self.counts,
                "rows": [r.as_dict() for r in self.rows], "issues": [i.as_dict() for i in self.issues]}

    @classmethod
    def from_dict(cls, data: dict) -> ImportResult:
        data = dict(data)
        rows = [RowResult.from_dict(dict(r)) for r in data.pop("rows", [])]
        issues = [Issue(**i) for i in data.pop("issues", [])]
        return cls(**data, rows=rows, issues=issues)


def _text(value, max_length: int | None = None) -> str:
    """Cell text as written, trimmed (ASCII and U+3000 spaces); an export's "'=" escape undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip().strip("\u3000").strip())


def _years(value) -> tuple[int | None, int | None]:
    text = text_of(value)
    found = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]
    if not found:
        return None, None
    return found[0], found[-1]


class RegisterIndex:
    """What the register holds, loaded in a few queries, for validating a whole file in memory."""

    def __init__(self, kind: str, year: int | None, month: int | None, user=None):
        from registers.models import AnnualPlan, MonthlyProgress, Project
        from snippets.models import Domain, Unit

        self.kind, self.year, self.month, self.user = kind, year, month, user
        self.today = timezone.localdate()  # once per import: every row is checked against the same day
        self._may_verify: dict = {}
        self.units = Unit.objects.prefetch_related("aliases").name_index()
        self.unit_names = {u.pk: str(u) for u in self.units.values()}
        self.township_ids = {u.pk for u in self.units.values() if u.kind == "township"}
        self.domains = {normalize_name(d.name): d for d in Domain.objects.all()}
        self.domain_names = [d.name for d in self.domains.values()]
        self.domains_by_id = {d.pk: d for d in self.domains.values()}
        self.full_scope = user is None or scopes.sees_everything(user)
        self.user_unit_id = None
        if user is not None and not self.full_scope:
            membership = getattr(user, "membership", None) if hasattr(user, "membership") else None
            self.user_unit_id = membership.unit_id if membership else None
        if kind == "commissioners":
            return
        self.fields = ["id", "code", "name", "normalized_name", "domain_id", "nature", "stage", "township_id",
                       "location", "scale_content", "start_year", "end_year", "total_investment",
                       "government_investment", "social_investment", "owner_name", "owner_unit_id",
                       "responsible_unit_id", "contact_leaders", "remarks"]
        self.projects = {p["id"]: p for p in Project.objects.values(*self.fields)}
        self.by_code = {p["code"]: pid for pid, p in self.projects.items() if p["code"]}
        self.by_name: dict[str, list[int]] = {}
        for pid, p in self.projects.items():
            self.by_name.setdefault(p["normalized_name"], []).append(pid)
        self.scope_ids = None
        self.may_add = True
        if not self.full_scope:
            self.scope_ids = set(scopes.projects_for(user).values_list("pk", flat=True))
            self.may_add = user.has_perm("registers.add_project")
        self.plans = {}
        self.progress: dict[int, dict[int, dict]] = {}
        if year:
            self.plans = {p["project_id"]: p for p in AnnualPlan.objects.filter(year=year).values(
                "id", "project_id", "planned_investment", "prior_cumulative")}
            for p in MonthlyProgress.objects.filter(year=year).values(
                    "id", "project_id", "month", "completed_ytd", "image_progress", "problems", "remarks", "status"):
                self.progress.setdefault(p["project_id"], {})[p["month"]] = p

    def may_verify(self, domain_id) -> bool:
        """``scopes.can_verify`` for a project of ``domain_id`` (the rule looks at the domain only),
        once per domain. An import without a user (the command run by the operator) has the HQ
        office's authority, as it has its full scope."""
        if self.user is None:
            return True
        if domain_id not in self._may_verify:
            from registers.models import Project

            domain = self.domains_by_id.get(domain_id)
            self._may_verify[domain_id] = domain is not None and scopes.can_verify(self.user, Project(domain=domain))
        return self._may_verify[domain_id]

    def in_scope(self, fields: dict) -> bool:
        """Whether a new or changed project (its field values) lies in the user's scope: the same
        check as the admin form, ``scopes.project_in_scope``, on an unsaved instance."""
        from registers.models import Project

        if self.full_scope:
            return True
        domain = self.domains_by_id.get(fields.get("domain_id"))
        instance = Project(**{k: v for k, v in fields.items() if k not in ("id", "domain_id")})
        if domain is not None:
            instance.domain = domain
        return scopes.project_in_scope(self.user, instance)


# ---------------------------------------------------------------------------------------------
# Projects and progress


@dataclass
class _Planned:
    """What one valid row would write."""

    row: RowResult
    project_id: int | None
    project: dict  # field → value (full for a new project, changed fields for an update)
    plan: dict | None = None
    progress: dict | None = None
    progress_reset: dict = field(default_factory=dict)  # a verified month changed: back to submitted


def _money(sheet: ParsedSheet, parsed: ParsedRow, result: RowResult, name: str, label: str,
           blank_as_zero: bool = False, warning: str = "") -> Decimal | None:
    """The amount of a money column in 万元; None when the sheet lacks the column, the cell is
    unreadable (an error is recorded) or blank — a blank cell means "no change" of what the
    register holds. Only where the register has nothing yet (a new project, plan or month:
    ``blank_as_zero``) is a blank 0, with a warning of code ``warning`` if given."""
    if name not in sheet.columns:
        return None
    try:
        amount = sheet.money(parsed, name)
    except ValueError as exc:
        result.error(f"{label}{exc}", sheet.column_label(name), "bad_number")
        return None
    if amount is None:
        if not blank_as_zero:
            return None
        if warning:
            result.warn(f"{label}空白，按0处理。", sheet.column_label(name), warning)
        amount = ZERO
    if amount < 0:
        result.error(f"{label}不能为负数（{amount.normalize():f}）。", sheet.column_label(name), "negative_number")
        return None
    result.figures[name] = str(amount)
    return amount


class _FieldRules:
    """``Model.clean_fields`` on a dict of values (attname → value) without building an instance:
    each field's own ``clean`` (to_python, choices, null/blank, validators), blank values of
    blank=True fields skipped — the same rules and messages. Relations are left out: their ids
    come from the in-memory index, and ForeignKey.validate() would cost a query per key."""

    def __init__(self, model_path: str):
        self.model_path = model_path
        self._fields = None
        self._seen: dict = {}  # (attname, type, value) → messages: a sheet repeats many values

    @property
    def fields(self) -> dict:
        if self._fields is None:
            from django.apps import apps

            model = apps.get_model(self.model_path)
            self._fields = {f.attname: f for f in model._meta.concrete_fields
                            if not f.is_relation and not f.generated and not f.primary_key}
        return self._fields

    def errors(self, values: dict) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        fields, seen = self.fields, self._seen
        for name, raw in values.items():
            f = fields.get(name)
            if f is None:
                continue
            try:
                key = (name, type(raw), raw)
                messages = seen.get(key)
            except TypeError:  # unhashable value
                key = messages = None
            if messages is None:
                messages = []
                if not (f.blank and raw in f.empty_values):
                    try:
                        f.clean(raw, None)
                    except ValidationError as exc:
                        messages = exc.messages
                if key is not None and len(seen) < 200_000:
                    seen[key] = messages  # a field's clean() is a function of the value alone
            if messages:
                errors.setdefault(f.name, []).extend(messages)
        return errors


_PROJECT_FIELDS = _FieldRules("registers.Project")
_PLAN_FIELDS = _FieldRules("registers.AnnualPlan")
_PROGRESS_FIELDS = _FieldRules("registers.MonthlyProgress")
# Model field → the sheet columns it may come from, first found wins (for messages; a column the
# sheet lacks is named by its Chinese label, ``ParsedSheet.column_label``).
_PROJECT_COLUMNS = {
    "name": ("name",), "normalized_name": ("name",), "code": ("code",), "domain": ("domain",),
    "domain_id": ("domain",), "nature": ("nature",), "stage": ("nature",), "township": ("township", "location"),
    "township_id": ("township", "location"), "location": ("location",), "scale_content": ("scale_content",),
    "start_year": ("start_year", "years"), "end_year": ("end_year", "years"), "year": ("years", "start_year"),
    "total_investment": ("total_investment",), "government_investment": ("government_investment",),
    "social_investment": ("social_investment",), "owner_name": ("owner",), "owner_unit": ("owner",),
    "owner_unit_id": ("owner",), "responsible_unit": ("responsible_unit",),
    "responsible_unit_id": ("responsible_unit",), "contact_leaders": ("contact_leaders",), "remarks": ("remarks",),
    "month": ("completed_ytd",), "completed_ytd": ("completed_ytd",),
}
# Project fields a progress sheet may repeat (compared with the register, never written by it).
_COMPARED = ("domain_id", "nature", "township_id", "location", "scale_content", "start_year", "end_year",
             "total_investment", "government_investment", "social_investment", "owner_name",
             "responsible_unit_id", "contact_leaders", "remarks")


def _column(sheet: ParsedSheet, field_name: str) -> str:
    """The column a model field's message belongs to, in Chinese."""
    candidates = _PROJECT_COLUMNS.get(field_name)
    if not candidates:
        from registers.models import Project

        try:
            return str(Project._meta.get_field(field_name.removesuffix("_id")).verbose_name)
        except Exception:  # noqa: BLE001 - any unknown name: a neutral Chinese label
            return "该行"
    for name in candidates:
        if name in sheet.columns:
            return sheet.column_label(name)
    return sheet.column_label(candidates[0])


def _shown(index: RegisterIndex, field_name: str, value) -> str:
    """A register or sheet value as a person reads it (names for ids, labels for choices)."""
    from registers.models import Project

    if value is None or value == "":
        return "（空）"
    if field_name == "domain_id":
        domain = index.domains_by_id.get(value)
        return domain.name if domain else str(value)
    if field_name in ("township_id", "responsible_unit_id", "owner_unit_id"):
        return index.unit_names.get(value, str(value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if field_name == "nature":
        return str(dict(Project._meta.get_field("nature").choices).get(value, value))
    return str(value)


def _label(field_name: str) -> str:
    from registers.models import Project

    return str(Project._meta.get_field(field_name.removesuffix("_id")).verbose_name).removesuffix("（万元）")


def _model_errors(result: RowResult, instance, column_of) -> None:
    """Run the model's own field validators and clean(), as an admin form would."""
    # Foreign keys come from the in-memory index (known to exist): ForeignKey.validate() would
    # cost one query per key per row, so they are left out of the field validation.
    foreign = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    for method in (lambda: instance.clean_fields(exclude=foreign), instance.clean):
        try:
            method()
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    result.error(message, column_of(field_name), "invalid")


def _validate_project_row(book: ParsedBook, sheet: ParsedSheet, parsed: ParsedRow, index: RegisterIndex,
                          seen: dict, year: int, month: int | None) -> tuple[RowResult, _Planned | None]:
    from registers.models import Project

    values = parsed.values
    name = _text(values.get("name"))
    result = RowResult(sheet.name, parsed.number, name)
    col = sheet.column_label
    max_name = Project._meta.get_field("name").max_length
    if not name:
        result.error("项目名称为空。", col("name"), "missing_name")
        return result, None
    if len(name) > max_name:
        result.error(f"项目名称过长（{len(name)}字，最多{max_name}字），不会截断，请修改后重新导入。",
                     col("name"), "too_long")
        result.name = name[:60] + "…"
        return result, None
    code = _text(values.get("code")) if "code" in sheet.columns else ""
    key = ("code", code) if code else ("name", normalize_name(name))
    if key in seen:
        first_sheet, first_row = seen[key]
        where = f"第{first_row}行" if first_sheet == sheet.name else f"工作表“{first_sheet}”第{first_row}行"
        result.error(f"与{where}重复（同一{'项目编码' if code else '项目名称'}在文件中出现两次），请只保留一行。",
                     col("code" if code else "name"), "duplicate_row")
        return result, None
    seen[key] = (sheet.name, parsed.number)

    # Which project: by code when the sheet has one, else by normalised name.
    project_id = None
    if code and code in index.by_code:
        project_id = index.by_code[code]
    elif not code or "code" not in sheet.columns:
        candidates = index.by_name.get(normalize_name(name), [])
        if len(candidates) > 1:
            result.error(f"项目名称对应系统中{len(candidates)}个项目，无法确定是哪一个，请在表中填写项目编码。",
                         col("name"), "ambiguous_project")
            return result, None
        project_id = candidates[0] if candidates else None
    current = index.projects.get(project_id) if project_id else None
    if book.kind == "progress" and current is None:
        result.error("项目不在总台账中（按项目名称未找到），请先导入或新增该项目。", col("name"), "unknown_project")
        return result, None

    # Domain: the 项目类别 column, else the section row, else the sheet name or title.
    domain_text = _text(values.get("domain")) if "domain" in sheet.columns else ""
    domain_text = domain_text or parsed.domain or ""
    domain = index.domains.get(normalize_name(domain_text).removesuffix("项目")) if domain_text else None
    if domain_text and domain is None:
        result.error(f"未知领域“{domain_text}”（应为{'、'.join(index.domain_names)}之一）。", col("domain"),
                     "unknown_domain")
    result.domain = domain.name if domain else (domain_text or "")

    fields: dict = {"name": name, "normalized_name": normalize_name(name)}
    if code:
        fields["code"] = code
    if domain:
        fields["domain_id"] = domain.pk
    elif current is None and not domain_text:
        result.error("无法确定项目所属领域：表中既无“项目类别”列，也无“一、××项目”分组行或以领域命名的工作表。",
                     col("name"), "missing_domain")
    if "nature" in sheet.columns:
        nature_text = _text(values.get("nature"))
        if nature_text:
            nature = NATURES.get(text_of(nature_text))
            if nature is None:
                result.error(f"建设性质“{nature_text}”无效（应为新建、续建或前期）。", col("nature"), "invalid")
            else:
                fields["nature"] = nature
    for column, model_field in PROJECT_TEXT.items():
        if column in sheet.columns:
            fields[model_field] = _text(values.get(column))
    if "township" in sheet.columns or "location" in sheet.columns:
        place = _text(values.get("township") or values.get("location"))
        unit = index.units.get(normalize_name(place)) if place else None
        if unit is not None and unit.pk in index.township_ids:
            fields["township_id"] = unit.pk
        elif "township" in sheet.columns and place:
            result.error(f"未知乡镇“{place}”。", col("township"), "unknown_unit")
    start, end = _years(values.get("years")) if "years" in sheet.columns else (None, None)
    if "start_year" in sheet.columns:
        start = _years(values.get("start_year"))[0] or start
    if "end_year" in sheet.columns:
        end = _years(values.get("end_year"))[0] or end
    if start:
        fields["start_year"], fields["end_year"] = start, end or start
    elif current is None:
        fields["start_year"] = fields["end_year"] = year
        if "years" in sheet.columns:
            result.warn(f"建设起止年限空白或无法识别，按{year}年处理。", col("years"), "years_default")
    for name_ in ("total_investment", "government_investment", "social_investment"):
        # Blank: no change to an existing project; a new project's 总投资 is 0 (with a warning).
        amount = _money(sheet, parsed, result, name_, sheet.column_label(name_).split(" ", 1)[-1],
                        blank_as_zero=current is None, warning="blank_total" if name_ == "total_investment" else "")
        if amount is not None:
            fields[name_] = amount
    if "owner" in sheet.columns:
        owner = _text(values.get("owner"))
        fields["owner_name"] = owner
        unit = index.units.get(normalize_name(owner)) if owner else None
        fields["owner_unit_id"] = unit.pk if unit else None  # an enterprise stays a name only
    if "responsible_unit" in sheet.columns:
        responsible = _text(values.get("responsible_unit"))
        unit = index.units.get(normalize_name(responsible)) if responsible else None
        if responsible and unit is None:
            result.error(f"未知单位“{responsible}”：责任单位须是系统中已有的单位（或其简称、别名）。",
                         col("responsible_unit"), "unknown_unit")
        elif unit is not None:
            fields["responsible_unit_id"] = unit.pk
    if (current is None and "responsible_unit_id" not in fields and book.kind == "projects"
            and not any(i.code == "unknown_unit" for i in result.issues)):
        result.error("责任单位为空：新项目必须填写责任单位。", col("responsible_unit") or "责任单位", "missing_unit")

    # Row scope: a reporter cannot import another unit's rows, nor add or edit a row out of the
    # scope (the admin form's rule, ``scopes.project_in_scope``); re-checked at write time.
    if current is not None and index.scope_ids is not None and project_id not in index.scope_ids:
        result.error("无权导入该行：项目不在您的管理范围内（非本单位项目）。", col("name"), "out_of_scope")
    elif current is None and not (index.may_add and index.in_scope(fields)):
        result.error("无权新增该项目：只能新增本单位（本领域）的项目。", col("name"), "out_of_scope")
    elif current is not None and book.kind == "projects" and not index.full_scope \
            and any(current.get(k) != v for k, v in fields.items()) and not index.in_scope({**current, **fields}):
        result.error("保存后该项目将超出您的数据范围（领域、责任单位或业主单位须属于本单位），请核对后再导入。",
                     col("name"), "out_of_scope")

    # Annual plan of the year and the year-to-date progress of the month.
    # Blank: no change of a plan or month the register has; 0 for a new one (a progress sheet
    # warns of a blank year-to-date).
    plan_exists = bool(project_id and project_id in index.plans) or book.kind == "progress"  # no 0 plan from it
    month_exists = bool(project_id and month and month in index.progress.get(project_id, {}))
    planned = _money(sheet, parsed, result, "annual_plan", "年度计划投资", blank_as_zero=not plan_exists)
    prior = _money(sheet, parsed, result, "prior_cumulative", "上年底累计完成投资", blank_as_zero=not plan_exists)
    ytd = _money(sheet, parsed, result, "completed_ytd", "累计完成投资", blank_as_zero=not month_exists,
                 warning="blank_as_zero" if book.kind == "progress" else "")
    if result.errors:
        result.status = "error"
        return result, None

    if book.kind == "progress":
        # A progress sheet writes progress (and a missing plan) only; project columns it repeats
        # are compared with the register, never written.
        for k in _COMPARED:
            if k in fields and current.get(k) != fields[k]:
                result.warn(f"表中{_label(k)} {_shown(index, k, fields[k])} 与台账 {_shown(index, k, current.get(k))} "
                            "不一致，未修改台账。", _column(sheet, k), "differs_from_register")
        fields = {}
    merged = {**(current or {}), **fields}
    if current is None:
        merged.setdefault("nature", "new")
        merged["stage"] = "preliminary" if merged["nature"] == "preliminary" else "construction"
    # The model's own validation, as an admin form would run it (field validators, then clean()).
    errors = _PROJECT_FIELDS.errors(merged) or years_order_error(merged.get("start_year"), merged.get("end_year"))
    for field_name, messages in errors.items():
        for message in [messages] if isinstance(messages, str) else messages:
            result.error(message, _column(sheet, field_name), "invalid")
    if current is None:
        project_changes = dict(merged)
    else:
        project_changes = {k: v for k, v in fields.items() if current.get(k) != v}
    if project_changes and current is not None:
        result.changes += [Project._meta.get_field(k.removesuffix("_id")).verbose_name for k in project_changes
                           if k != "normalized_name"]

    plan_changes = None
    existing_plan = index.plans.get(project_id) if project_id else None
    if book.kind == "progress" and existing_plan is not None:
        for k, amount in (("planned_investment", planned), ("prior_cumulative", prior)):
            if amount is not None and amount != existing_plan[k]:
                column = "annual_plan" if k == "planned_investment" else "prior_cumulative"
                label = "年度计划投资" if k == "planned_investment" else "上年底累计完成投资"
                result.warn(f"表中{label} {_shown(index, k, amount)} 与台账 {_shown(index, k, existing_plan[k])} "
                            "不一致，未修改台账。", col(column), "differs_from_register")
    elif book.kind == "progress" and planned is None:
        prior = None  # a plan is created from a progress sheet only with its 年度计划投资
    if (planned is not None or prior is not None) and not (book.kind == "progress" and existing_plan):
        plan = {"planned_investment": planned if planned is not None else (
            existing_plan["planned_investment"] if existing_plan else ZERO),
            "prior_cumulative": prior if prior is not None else (
            existing_plan["prior_cumulative"] if existing_plan else ZERO)}
        if existing_plan is None or any(existing_plan[k] != v for k, v in plan.items()):
            plan_changes = plan
            result.changes.append(f"{year}年计划")
        errors = _PLAN_FIELDS.errors({"year": year, **plan})
        if not errors and (message := year_error(year, merged.get("start_year"), merged.get("end_year"),
                                                 is_preliminary(merged.get("nature"), merged.get("stage")))):
            errors = {"year": [message]}  # AnnualPlan.clean()
        for field_name, messages in errors.items():
            for message in messages:
                result.error(message, _column(sheet, "year") if field_name == "year" else col("annual_plan"),
                             "invalid")

    progress_changes = None
    if ytd is not None and month:
        months = index.progress.get(project_id, {}) if project_id else {}
        existing = months.get(month)
        previous = max((m for m in months if m < month), default=None)
        following = min((m for m in months if m > month), default=None)
        rule = ytd_errors(
            year=year, month=month, ytd=ytd, start_year=merged.get("start_year"), end_year=merged.get("end_year"),
            preliminary=is_preliminary(merged.get("nature"), merged.get("stage")),
            previous_ytd=months[previous]["completed_ytd"] if previous else None,
            next_ytd=months[following]["completed_ytd"] if following else None,
            today=index.today,
        )
        for field_name, message in rule.items():
            result.error(message, _column(sheet, field_name), "rule")
        progress = {"completed_ytd": ytd}
        for column, model_field in PROGRESS_TEXT.items():
            if column in sheet.columns:
                progress[model_field] = _text(values.get(column))
        if existing is None or any(existing.get(k) != v for k, v in progress.items()):
            progress_changes = progress
            result.changes.append(f"{month}月进展")
        # A verified month: changed only by a verifier, and then back to submitted.
        message, progress_reset = verified_change(
            verified=existing is not None and existing["status"] == "verified", changed=progress_changes is not None,
            may_verify=progress_changes is None or index.may_verify(merged.get("domain_id")))
        if message:
            result.error(message, col("completed_ytd"), "verified")
        for field_name, messages in _PROGRESS_FIELDS.errors({"year": year, "month": month, **progress}).items():
            for message in messages:
                result.error(message, _column(sheet, field_name) if field_name in ("year", "month")
                             else col("completed_ytd"), "invalid")
        plan_value = (existing_plan or {}).get("planned_investment") if book.kind == "progress" and existing_plan \
            else planned if planned is not None else (existing_plan or {}).get("planned_investment")
        if above_plan(ytd, plan_value):
            ratio = (ytd / plan_value * 100).quantize(Decimal("0.1"))
            result.warn(f"累计完成投资{ytd.normalize():f}超过年度计划{plan_value.normalize():f}（{ratio}%），已接受，请核实。",
                        col("completed_ytd"), "above_plan")
        total_value = merged.get("total_investment")
        if above_total(ytd, total_value):
            result.warn(f"累计完成投资{ytd.normalize():f}超过项目总投资{total_value.normalize():f}，已接受，请核实总投资。",
                        col("completed_ytd"), "above_total")
    if result.errors:
        result.status = "error"
        return result, None
    if current is None:
        result.status = "new"
    elif project_changes or plan_changes or progress_changes:
        result.status = "update"
    else:
        result.status = "unchanged"
    planned_row = _Planned(result, project_id, project_changes, plan_changes, progress_changes)
    if progress_changes is not None:
        planned_row.progress_reset = progress_reset
    return result, planned_row


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


def _builder(model):
    """A fast constructor of unsaved ``model`` instances from a dict (attname → value, defaults for
    the rest): Django's positional ``Model.__init__``, without ``ClusterableModel.__init__``'s
    scan for child-relation keyword arguments (none are passed) — a quarter of the cost."""
    from django.db import models

    fields = model._meta.concrete_fields
    calls = {f.attname: f for f in fields if f.has_default() and callable(f.default)}  # e.g. default=dict
    plain = [(f.attname, None if f.attname in calls else f.get_default()) for f in fields]

    def build(data: dict):
        obj = model.__new__(model)
        models.Model.__init__(obj, *[data[name] if name in data else (calls[name].get_default() if name in calls
                                                                      else default) for name, default in plain])
        return obj

    return build


class _Serializer:
    """The revision content of a row, from plain values (attname → value): the same dict as
    ``instance.serializable_data()`` (modelcluster's ``get_serializable_data_for_fields`` plus
    child relations), without loading or building instances. Decimals are quantised to the
    field's places, as a value read back from the database is."""

    def __init__(self, model):
        from django.db import models

        self.model = model
        self.spec = []
        for f in model._meta.fields:
            if not f.serialize:
                continue
            if f.remote_field is not None:
                kind = "fk"
            elif isinstance(f, models.DecimalField):
                kind = Decimal(1).scaleb(-f.decimal_places)
            elif isinstance(f, models.DateTimeField):
                kind = "datetime"
            else:
                kind = f
            self.spec.append((f.name, f.attname, kind))

    def __call__(self, values: dict) -> dict:
        from datetime import UTC, datetime

        from django.utils.encoding import is_protected_type

        data = {"pk": values["id"]}
        for name, attname, kind in self.spec:
            value = values.get(attname)
            if kind == "fk" or value is None:
                pass
            elif kind == "datetime":
                if isinstance(value, datetime):
                    value = (timezone.make_aware(value) if timezone.is_naive(value) else value).astimezone(UTC)
            elif isinstance(kind, Decimal):
                if isinstance(value, Decimal):
                    value = value.quantize(kind)
            elif isinstance(value, str):
                pass  # value_to_string of a text value is the value itself
            elif not is_protected_type(value):
                value = kind.value_to_string(_Values({attname: value}))
            data[name] = value
        return data


class _Values:
    def __init__(self, values):
        self.__dict__.update(values)


def _children(model, parent_ids) -> dict[int, dict[str, list[dict]]]:
    """The serialised child rows (ParentalKey relations, in their default order) of ``parent_ids``."""
    from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

    assert not get_all_child_m2m_relations(model), "child m2m relations are not serialised here"
    out: dict[int, dict[str, list[dict]]] = {pk: {} for pk in parent_ids}
    for rel in get_all_child_relations(model):
        child = rel.related_model
        assert not hasattr(child, "serializable_data"), "nested clusters are not serialised here"
        accessor, key = rel.get_accessor_name(), rel.field.attname
        serialize = _Serializer(child)
        for pk in parent_ids:
            out[pk][accessor] = []
        ordering = [o for o in (child._meta.ordering or []) if o.lstrip("-") != rel.field.name] + ["pk"]
        for start in range(0, len(parent_ids), 5000):
            chunk = parent_ids[start:start + 5000]
            for row in child._default_manager.filter(**{f"{key}__in": chunk}).order_by(key, *ordering).values(
                    *[f.attname for f in child._meta.concrete_fields]):
                out[row[key]][accessor].append(serialize(row))
    return out


def _rows(model, ids) -> list[dict]:
    """Full rows (attname → value) of ``ids``, read in chunks."""
    names = [f.attname for f in model._meta.concrete_fields]
    rows = []
    for start in range(0, len(ids), 5000):
        rows += model._default_manager.filter(pk__in=ids[start:start + 5000]).order_by().values(*names)
    return rows


def _revisions(model, rows: list[dict], user, now, describe) -> int:
    """One revision per row as ``RevisionMixin.save_revision`` makes it (content, object_str,
    who, when), created in bulk, then ``latest_revision`` of each row pointed at its revision.
    ``rows`` are full rows (attname → value) as written; ``describe(row)`` is its ``str()``."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Revision

    if not rows:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    serialize = _Serializer(model)
    children = _children(model, [row["id"] for row in rows])
    build = _builder(Revision)
    common = {"content_type_id": content_type.pk, "base_content_type_id": content_type.pk, "created_at": now,
              "user_id": user.pk if user is not None else None}
    revisions = []
    for row in rows:
        content = serialize(row)
        content.update(children[row["id"]])
        revisions.append(build({**common, "object_id": str(row["id"]), "object_str": describe(row)[:255],
                                "content": content}))
    Revision.objects.bulk_create(revisions, batch_size=2000)
    _set_column(model, "latest_revision_id", [(row["id"], r.pk) for row, r in zip(rows, revisions, strict=True)])
    return len(revisions)


def _set_column(model, attname: str, pairs: list[tuple[int, object]]) -> None:
    """``UPDATE table SET column = v.column2 FROM (VALUES (pk, value), ...) v WHERE pk = v.column1``:
    one statement per few thousand rows (SQLite ≥ 3.33 and PostgreSQL); other databases get
    Django's ``bulk_update``."""
    from django.db import connections, router

    if not pairs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor not in ("sqlite", "postgresql"):
        objects = [model(pk=pk, **{attname: value}) for pk, value in pairs]
        model._default_manager.using(alias).bulk_update(objects, [attname], batch_size=1000)
        return
    qn = connection.ops.quote_name
    table, column = qn(model._meta.db_table), qn(model._meta.get_field(attname.removesuffix("_id")).column)
    pk = qn(model._meta.pk.column)
    size = max(1, min(2000, (connection.features.max_query_params or 4000) // 2))
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), size):
            chunk = pairs[start:start + size]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            # Only quoted names of the model's own table and columns are formatted in; values are parameters.
            sql = (f"UPDATE {table} SET {column} = v.column2 FROM (VALUES {values}) AS v "  # noqa: S608
                   f"WHERE {table}.{pk} = v.column1")
            cursor.execute(sql, [x for pair in chunk for x in pair])


def _write_projects(plans: list[_Planned], index: RegisterIndex, result: ImportResult, user, reporter_names,
                    progress_cb=None):
    from registers.models import AnnualPlan, MonthlyProgress, ProgressStatus, Project

    now = timezone.now()
    year, month = result.year, result.month
    new = [p for p in plans if p.project_id is None]
    build = _builder(Project)
    new_objects = [build({"code": None, **{k: v for k, v in p.project.items() if k != "id"}}) for p in new]
    Project.objects.bulk_create(new_objects, batch_size=2000)
    for p, obj in zip(new, new_objects, strict=True):
        p.project_id = obj.pk
    if progress_cb:
        progress_cb(len(new_objects), len(plans), "write")

    new_ids = {id(p) for p in new}
    updated = [p for p in plans if p.project and id(p) not in new_ids]
    updated_rows = {}
    if updated:
        update_fields = sorted({k for p in updated for k in p.project} | {"updated_at"})
        updated_rows = {row["id"]: row for row in _rows(Project, [p.project_id for p in updated])}
        objects = []
        for p in updated:
            row = updated_rows[p.project_id]
            row.update(p.project, updated_at=now)
            objects.append(Project(**{k: row[k] for k in update_fields}, id=p.project_id))
        Project.objects.bulk_update(objects, update_fields, batch_size=500)

    # Authoritative scope check of the written rows, through the one scope function.
    written = [o.pk for o in new_objects] + [p.project_id for p in updated]
    if not index.full_scope and written:
        allowed = set()
        for start in range(0, len(written), 5000):
            chunk = Project.objects.filter(pk__in=written[start:start + 5000])
            allowed |= set(scopes.projects_for(user, chunk).values_list("pk", flat=True))
        outside = [p for p in new + updated if p.project_id not in allowed]
        if outside:
            for p in outside:
                p.row.error("无权新增或修改该项目：不在您的管理范围内。", "", "out_of_scope")
            raise _Rollback()

    plan_new, plan_update = [], []
    for p in plans:
        if p.plan is None:
            continue
        existing = index.plans.get(p.project_id)
        if existing:
            plan_update.append(AnnualPlan(id=existing["id"], project_id=p.project_id, year=year, **p.plan))
        else:
            plan_new.append(AnnualPlan(project_id=p.project_id, year=year, **p.plan))
    AnnualPlan.objects.bulk_create(plan_new, batch_size=2000)
    AnnualPlan.objects.bulk_update(plan_update, ["planned_investment", "prior_cumulative"], batch_size=500)

    progress_new, progress_update = [], []
    build = _builder(MonthlyProgress)
    for p in plans:
        if p.progress is None:
            continue
        existing = index.progress.get(p.project_id, {}).get(month)
        # Written as submitted; a verified month changed by a verifier is reset (rules.verified_change).
        data = {"project_id": p.project_id, "year": year, "month": month, **p.progress,
                "status": ProgressStatus.SUBMITTED, "verified_by_id": None, "verified_at": None, **p.progress_reset,
                "submitted_at": now, "reporter_id": user.pk if user else None,
                "updated_at": now,
                "reporter_name": reporter_names.get(p.row.sheet, "") or (user.get_username() if user else "")}
        if existing:
            progress_update.append(build({"id": existing["id"], **data}))
        else:
            progress_new.append(build(data))
    MonthlyProgress.objects.bulk_create(progress_new, batch_size=2000)
    if progress_update:
        fields = sorted({k for p in plans if p.progress for k in p.progress}
                        | {"status", "verified_by_id", "verified_at", "submitted_at", "reporter_id", "reporter_name",
                           "updated_at"})
        MonthlyProgress.objects.bulk_update(progress_update, fields, batch_size=500)
    if progress_cb:
        progress_cb(len(plans), len(plans), "write")

    # Revisions: every project whose own fields or plan changed, every progress row written —
    # their content from the values just written (new rows) or read back (changed rows).
    attnames = [f.attname for f in Project._meta.concrete_fields]
    project_rows = [{name: obj.__dict__.get(name) for name in attnames} for obj in new_objects]
    project_rows += updated_rows.values()
    revised = {p.project_id for p in plans if p.plan and id(p) not in new_ids and p.project_id not in updated_rows}
    project_rows += _rows(Project, sorted(revised))
    names = {p.project_id: p.project.get("name") or index.projects[p.project_id]["name"]
             for p in plans if p.progress is not None}
    attnames = [f.attname for f in MonthlyProgress._meta.concrete_fields]
    progress_rows = [{name: obj.__dict__.get(name) for name in attnames} for obj in progress_new]
    progress_rows += _rows(MonthlyProgress, [o.pk for o in progress_update])
    sample = MonthlyProgress(project=Project(pk=-1, name=""))  # str() of a progress row without a query

    def progress_str(row):
        sample.project.name, sample.year, sample.month = names[row["project_id"]], row["year"], row["month"]
        return str(sample)

    result.counts = {
        "projects_created": len(new_objects), "projects_updated": len(updated),
        "plans_created": len(plan_new), "plans_updated": len(plan_update),
        "progress_created": len(progress_new), "progress_updated": len(progress_update),
        "revisions": _revisions(Project, project_rows, user, now, lambda row: row["name"])
        + _revisions(MonthlyProgress, progress_rows, user, now, progress_str),
    }


# ---------------------------------------------------------------------------------------------
# Commissioners


def _validate_commissioners(book: ParsedBook, index: RegisterIndex, result: ImportResult):
    from snippets.models import AcceptanceCommissioner

    existing = {(c["unit_id"], c["name"]): c for c in AcceptanceCommissioner.objects.values(
        "id", "unit_id", "name", "post", "office_phone", "mobile", "matters", "is_published", "sort_order")}
    writes = []
    seen: dict = {}
    units_in_file: set[int] = set()
    for sheet in book.sheets:
        unit_text, matters, position = "", "", {}
        col = sheet.column_label
        for parsed in sheet.data_rows:
            values = parsed.values
            # 单位 and 受理事项 are merged vertically: only the block's first row holds them.
            if _text(values.get("unit")):
                unit_text = _text(values.get("unit"))
                matters = _text(values.get("matters"))
            elif _text(values.get("matters")):
                matters = _text(values.get("matters"))
            name = _text(values.get("name"))
            row = RowResult(sheet.name, parsed.number, name, domain=unit_text)
            result.rows.append(row)
            unit = index.units.get(normalize_name(unit_text)) if unit_text else None
            if not unit_text:
                row.error("单位为空。", col("unit"), "missing_unit")
            elif unit is None:
                row.error(f"未知单位“{unit_text}”：请先在“单位”中添加该单位或其别名。", col("unit"), "unknown_unit")
            if not name:
                row.error("姓名为空。", col("name"), "missing_name")
            if unit is not None and not index.full_scope and unit.pk != index.user_unit_id:
                row.error(f"无权导入“{unit_text}”的受理专员：只能导入本单位的名单。", col("unit"), "out_of_scope")
            if row.errors:
                continue
            row.domain = str(unit)
            key = (unit.pk, name)
            if key in seen:
                row.error(f"与第{seen[key]}行重复（同一单位同名专员）。", col("name"), "duplicate_row")
                continue
            seen[key] = parsed.number
            position[unit.pk] = position.get(unit.pk, 0) + 1
            data = {"post": _text(values.get("post")), "office_phone": _text(values.get("office_phone")),
                    "mobile": _text(values.get("mobile")), "matters": matters, "is_published": True,
                    "sort_order": position[unit.pk]}
            instance = AcceptanceCommissioner(unit=unit, name=name, **data)
            labels = {"name": "name", "post": "post", "office_phone": "office_phone", "mobile": "mobile",
                      "matters": "matters"}
            _model_errors(row, instance, lambda f, col=col, labels=labels: col(labels.get(f, f)))
            if row.errors:
                continue
            units_in_file.add(unit.pk)
            current = existing.get(key)
            if current is None:
                row.status = "new"
            elif any(current[k] != v for k, v in data.items()):
                row.status = "update"
                row.changes = [AcceptanceCommissioner._meta.get_field(k).verbose_name for k, v in data.items()
                               if current[k] != v]
            else:
                row.status = "unchanged"
            writes.append((row, instance, current))
    # Dropped from this sheet: unpublished (the history of who served stays), never deleted.
    unpublish = []
    for (unit_id, name), current in existing.items():
        if unit_id in units_in_file and (unit_id, name) not in seen and current["is_published"]:
            row = RowResult("", 0, name, status="unpublish", domain=index.unit_names.get(unit_id, ""))
            row.changes = ["不再在名单中：撤下（不删除）"]
            result.rows.append(row)
            unpublish.append(current["id"])
    return writes, unpublish


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


# ---------------------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def parse_file(kind: str, path, filename: str | None = None, year=None, month=None) -> ParsedBook:
    from snippets.models import Domain

    filename = filename or Path(path).name
    raw = read_book(path, filename)
    return parse_book(raw, kind, filename, list(Domain.objects.values_list("name", flat=True)), year, month)


def run_import(kind: str, path, *, filename: str | None = None, user=None, year: int | None = None,
               month: int | None = None, dry_run: bool = False, progress=None) -> ImportResult:
    """Validate ``path`` and, unless ``dry_run`` or any error, write it all in one transaction.

    ``progress(done, total, stage)`` is called now and then (the Huey task stores it for the
    admin's progress bar)."""
    filename = filename or Path(path).name
    result = ImportResult(kind=kind, filename=filename, year=year, month=month, dry_run=dry_run)
    if user is not None and not user.is_active:
        result.issues.append(Issue("用户已停用，不能导入。", code="permission"))
        return result
    try:
        book = parse_file(kind, path, filename, year, month)
    except BadFile as exc:
        result.issues.append(Issue(exc.message, code="bad_file"))
        return result
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
            index = RegisterIndex(kind, book.year, book.month, user)
            if kind == "commissioners":
                writes, unpublish = _validate_commissioners(book, index, result)
                if result.errors or dry_run:
                    return result
                _write_commissioners(writes, unpublish, result)
            else:
                plans = _validate_projects(book, index, result, progress)
                if result.errors or dry_run:
                    return result
                _write_projects(plans, index, result, user, {s.name: s.reporter_name for s in book.sheets},
                                progress)
            result.written = True
    except _Rollback:
        result.written = False
    if progress:
        progress(len(result.rows), len(result.rows), "done")
    return result


def accepted_totals(result: ImportResult) -> dict[str, dict]:
    """Per-domain count and sums of the rows that are (or would be) imported — for the preview
    and for checking a file against its own totals."""
    totals: dict[str, dict] = {}
    for row in result.rows:
        if row.status in ("error", "unpublish"):
            continue
        bucket = totals.setdefault(row.domain, {"count": 0})
        bucket["count"] += 1
        for name, amount in row.figures.items():
            bucket[name] = bucket.get(name, ZERO) + Decimal(amount)
    return totals


# ---------------------------------------------------------------------------------------------
# Jobs: an uploaded file kept on disk under a token for the preview → confirm steps (the confirm
# re-reads the stored file and writes once; the preview never writes). Large files run in the
# Huey worker: ``tasks.imports`` sets ``ASYNC_RUNNER`` (registers know nothing of tasks).

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
