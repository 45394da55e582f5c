"""Cell values and the model's own field rules, as plain values: text and years read from a cell,
money in 万元, ``Model.clean_fields`` on a dict, and the Chinese column label or wording of a field
for a message.

django-import-export validates through widgets and ``full_clean`` on a built instance per row;
ours is kept because it validates the dict of values against the same field rules without
building instances or querying foreign keys, caching the messages of values a sheet repeats.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from registers.core.cells import unescape_formula
from registers.imports.results import ZERO, RowResult
from registers.sheets import ParsedRow, ParsedSheet
from registers.sheets.columns import columns_of_model_field
from registers.sheets.layout import text_of

if TYPE_CHECKING:
    from registers.imports.index import RegisterIndex


def _text(value, max_length: int | None = None) -> str:
    """Cell text as written, trimmed (ASCII and U+3000 spaces); an export's "'=" escape undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip().strip("\u3000").strip())


@lru_cache(maxsize=4096, typed=True)  # a sheet repeats its 建设起止年限; typed: 1, 1.0 and True differ here
def _years(value) -> tuple[int | None, int | None]:
    text = text_of(value)
    found = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]
    if not found:
        return None, None
    return found[0], found[-1]


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
        self._quick = None
        self._seen: dict = {}  # (attname, type, value) → messages: a sheet repeats many values

    @property
    def fields(self) -> dict:
        if self._fields is None:
            from django.apps import apps

            model = apps.get_model(self.model_path)
            self._fields = {f.attname: f for f in model._meta.concrete_fields
                            if not f.is_relation and not f.generated and not f.primary_key}
        return self._fields

    @property
    def quick(self) -> dict:
        """Per field, a test that proves its ``clean`` passes for a value (``_quick_test``); a value
        it does not prove goes through ``clean`` itself, so both give the same messages."""
        if self._quick is None:
            self._quick = {name: _quick_test(f) for name, f in self.fields.items()}
        return self._quick

    def errors(self, values: dict) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        fields, seen, quick = self.fields, self._seen, self.quick
        for name, raw in values.items():
            f = fields.get(name)
            if f is None:
                continue
            test = quick[name]
            if test is not None and test(raw):
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


def _quick_test(f):
    """A test of a value that is true only where ``f.clean(value, None)`` raises nothing, for the
    plain fields a sheet fills (text, choices, integers, Decimals, booleans) with only the length,
    min/max and decimal validators Django gives them; None for any other field (always ``clean``)."""
    from django.core import validators
    from django.db import models

    if f.choices and any(isinstance(v, (list, tuple)) for _k, v in f.choices):
        return None
    base = models.Field
    if (type(f).clean, type(f).validate, type(f).run_validators) != (base.clean, base.validate, base.run_validators):
        return None
    known = (validators.MaxLengthValidator, validators.MinValueValidator, validators.MaxValueValidator,
             validators.DecimalValidator)
    if any(type(v) not in known or callable(getattr(v, "limit_value", None)) for v in f.validators):
        return None
    lows = [v.limit_value for v in f.validators if type(v) is validators.MinValueValidator]
    highs = [v.limit_value for v in f.validators if type(v) is validators.MaxValueValidator]
    longest = min((v.limit_value for v in f.validators if type(v) is validators.MaxLengthValidator), default=None)
    choices = {k for k, _v in f.choices} if f.choices else None
    blank = f.blank
    low, high = (max(lows) if lows else None), (min(highs) if highs else None)

    def in_range(value) -> bool:
        return (low is None or low <= value) and (high is None or value <= high)

    if type(f) in (models.CharField, models.TextField):
        def text(value) -> bool:
            return (type(value) is str and (blank or value != "") and (longest is None or len(value) <= longest)
                    and (choices is None or value in choices or (value == "" and blank)))
        return text
    if choices is not None:
        return None
    if type(f) is models.BooleanField:
        return lambda value: type(value) is bool
    if isinstance(f, models.IntegerField) and type(f).to_python is models.IntegerField.to_python and not longest:
        if low is not None and high is not None:
            return lambda value: type(value) is int and low <= value <= high
        return lambda value: type(value) is int and in_range(value)
    if type(f) is models.DecimalField and not longest:
        digits = [v for v in f.validators if type(v) is validators.DecimalValidator]
        if any((v.max_digits, v.decimal_places) != (f.max_digits, f.decimal_places) for v in digits) \
                or f.max_digits is None or f.decimal_places is None:
            return None
        bound = Decimal(10) ** (f.max_digits - f.decimal_places)
        places = -f.decimal_places

        def decimal(value) -> bool:
            # A finite Decimal of at most decimal_places places and max_digits - decimal_places whole
            # digits passes DecimalValidator (a Decimal's digits carry no leading zeros).
            return (type(value) is Decimal and value.is_finite() and -bound < value < bound and in_range(value)
                    and places <= value.as_tuple().exponent <= 0)
        return decimal
    return None


_PROJECT_FIELDS = _FieldRules("registers.Project")
_PLAN_FIELDS = _FieldRules("registers.AnnualPlan")
_PROGRESS_FIELDS = _FieldRules("registers.MonthlyProgress")
def _column(sheet: ParsedSheet, field_name: str) -> str:
    """The column a model field's message belongs to, in Chinese."""
    candidates = columns_of_model_field("projects", field_name)
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
    if field_name in ("responsible_unit_id", "owner_unit_id"):
        return index.unit_names.get(value, str(value))
    if field_name == "townships":
        return "、".join(index.unit_names.get(pk, str(pk)) for pk in value)
    if isinstance(value, bool):
        return "是" if value else "否"
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
