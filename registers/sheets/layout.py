"""Layout detection and row classification of a bureau sheet.

A sheet is: title line(s), a unit line ("单位：万元"), a one- or two-row header (merged cells
arrive as blanks), then data rows mixed with section rows ("一、工业项目（152个）" — domain and
subtotal), 合计 rows (top or bottom), blank rows and footnotes (填报单位/填报人/联系电话/注：).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from .columns import checked_fields, money_fields
from .errors import BadFile, Issue
from .headers import COLUMN_LABELS, COMPILED, REQUIRED, header_key, match_field
from .money import UNIT_FACTORS, parse_money
from .reading import RawSheet

KINDS = ("projects", "progress", "commissioners", "issues", "leaders", "leader_log", "commissioner_log")
# A book kind whose sheets are of several sheet kinds, each sheet told by its header (the 挂点安排表:
# a sheet 一对一挂点 and a sheet 包干挂点, whatever their tabs are named).
SHEET_KINDS = {"leaders": ("leaders_one", "leaders_domain")}
# Kinds whose sheets group projects under domain sections (一、…) and check money subtotals.
PROJECT_KINDS = ("projects", "progress")
MONEY_FIELDS = money_fields("projects")
# Money columns a subtotal row is checked on (the rate column is derived and skipped).
CHECKED_FIELDS = checked_fields("projects")
TOLERANCE = Decimal("0.05")

_UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(万元|亿元|元)")
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])\s*(.*)$")
_SECTION_COUNT = re.compile(r"[（(]\s*(\d+)\s*个\s*[)）]")
# A total row's label, in any cell left of or in the name column (a label merged across 序号…责任单位
# sits in the merge's first cell): 合计 / 总计 / 全县合计 cover the sheet, 小计 the rows since the last
# section or 小计, 其中 a part of them (not checked); a count "（12个）" may follow, a domain precede.
_TOTAL_LABEL = re.compile(r"^(?:(?P<all>(全县|总)?合计|总计)|(?P<block>小计)|(?P<part>其中))")
_TOTAL_SUFFIX = re.compile(r"(?P<all>合计|总计)(?P<block>小计)?\s*(?:[（(]\s*\d+\s*个\s*[)）])?$")
_BLOCK_SUFFIX = re.compile(r"小计\s*(?:[（(]\s*\d+\s*个\s*[)）])?$")
_FOOTNOTE = re.compile(
    r"^(注\s*[:：\d]|说明\s*[:：]|填报单位|填报人|审核人|联系电话|制表|填报时间|单位负责人|分管领导)"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_MONTH = re.compile(r"截[至止]\s*(?:(?:19|20)\d{2}年)?\s*(\d{1,2})\s*月|1\s*[-~－至到]\s*(\d{1,2})\s*月")
_YTD_MONTH = re.compile(r"1[-~至到](\d{1,2})月")
_PRIOR_YEAR = re.compile(r"截[至止](\d{4})年")
_DIGITS = re.compile(r"\d+")
_REPORTER = re.compile(r"填报人[:：]\s*([^\s　:：]+)")


def text_of(value) -> str:
    if value is None:
        return ""
    if type(value) is int:
        return str(value)  # digits and a minus sign: NFKC and strip leave them as they are
    if isinstance(value, str) and value.isascii():
        return value.strip()  # NFKC leaves ASCII as it is
    return unicodedata.normalize("NFKC", str(value)).strip()


@dataclass
class Column:
    field: str
    index: int
    label: str  # as the sheet titles it (group + sub header)
    unit: str | None = None

    @property
    def letter(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.index + 1)


@dataclass
class ParsedRow:
    sheet: str
    number: int  # 1-based, as Excel shows it
    kind: str  # data | section | total
    values: dict = field(default_factory=dict)
    domain: str | None = None
    label: str = ""
    scope: str = ""  # of a total row: all (合计) | block (小计) | part (其中)
    amounts: dict = field(default_factory=dict, repr=False, compare=False)  # money read so far, per field


@dataclass
class ParsedSheet:
    name: str
    kind: str
    title: str = ""
    unit: str = "万元"
    columns: dict[str, Column] = field(default_factory=dict)
    header_rows: list[int] = field(default_factory=list)
    year: int | None = None
    month: int | None = None
    domain: str | None = None
    reporter_name: str = ""
    rows: list[ParsedRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def data_rows(self) -> list[ParsedRow]:
        return [row for row in self.rows if row.kind == "data"]

    def factor(self, field_name: str) -> Decimal:
        column = self.columns.get(field_name)
        unit = (column.unit if column and column.unit else None) or self.unit
        return UNIT_FACTORS[unit]

    def money(self, row: ParsedRow, field_name: str) -> Decimal | None:
        """The row's amount in 万元; raises ValueError with a reason for unreadable text. Read once
        per row and column (subtotal checks and validation both ask)."""
        try:
            amount = row.amounts[field_name]
        except KeyError:
            try:
                amount = parse_money(row.values.get(field_name), self.factor(field_name))
            except ValueError as exc:
                amount = exc
            row.amounts[field_name] = amount
        if isinstance(amount, ValueError):
            raise ValueError(*amount.args)
        return amount

    def column_label(self, field_name: str) -> str:
        """"G列 总投资" for a column of the sheet; the column's Chinese name for one it lacks."""
        column = self.columns.get(field_name)
        if column:
            labels = self.__dict__.setdefault("_labels", {})  # every row asks: once per column
            known = labels.get(field_name)
            if known is not None and known[0] is column:
                return known[1]
            text = f"{column.letter}列 {column.label}"
            labels[field_name] = (column, text)
            return text
        return COLUMN_LABELS.get(self.kind, {}).get(field_name, field_name)


@dataclass
class ParsedBook:
    kind: str
    filename: str
    sheets: list[ParsedSheet] = field(default_factory=list)
    year: int | None = None
    month: int | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def data_rows(self):
        for sheet in self.sheets:
            for row in sheet.data_rows:
                yield sheet, row


def _is_blank(row: tuple) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def _header_score(kind: str, row: tuple) -> int:
    return sum(1 for value in row if match_field(kind, value))


def _find_domain(text: str, domain_names: list[str]) -> str | None:
    """The domain ``text`` names ("一、工业项目", "工业"); else the one domain whose name holds it
    whole, for a shortened name of three or more characters ("基础设施" for 重大基础设施)."""
    text = text_of(text).replace(" ", "")
    for name in sorted(domain_names, key=len, reverse=True):
        if name and name in text:
            return name
    short = text.removesuffix("项目")
    holding = [name for name in domain_names if len(short) >= 3 and short in name]
    return holding[0] if len(holding) == 1 else None


def _detect_header(kind: str, rows: list[tuple]) -> tuple[int, int | None] | None:
    """Index of the header row (and of its second row, if any) among the first rows."""
    for index, row in enumerate(rows[:20]):
        score = _header_score(kind, row)
        if score >= 3 or (score >= 2 and len([v for v in row if v not in (None, "")]) <= 3):
            following = rows[index + 1] if index + 1 < len(rows) else ()
            sub_score = _header_score(kind, following)
            filled = [v for v in following if v not in (None, "")]
            first = text_of(following[0]) if following else ""
            looks_data = (bool(re.fullmatch(r"\d+", first)) or bool(_SECTION.match(first))
                          or bool(_TOTAL_LABEL.match(first)))
            if sub_score and not looks_data and sub_score * 2 >= len(filled):
                return index, index + 1
            return index, None
    return None


def _columns(kind: str, top: tuple, sub: tuple | None, sheet: ParsedSheet) -> dict[str, Column]:
    columns: dict[str, Column] = {}
    width = max(len(top), len(sub or ()))
    group = ""
    for index in range(width):
        top_value = top[index] if index < len(top) else None
        sub_value = sub[index] if sub and index < len(sub) else None
        if top_value not in (None, ""):
            group = text_of(top_value)
        elif sub_value in (None, ""):
            group = ""
        label_value = sub_value if sub_value not in (None, "") else top_value
        if label_value in (None, ""):
            continue
        field_name = match_field(kind, label_value)
        _text, unit = header_key(label_value)
        label = text_of(label_value)
        if sub_value not in (None, "") and group and group != label:
            label = f"{group} / {label}"
        if not field_name:
            continue
        if field_name in columns:
            sheet.issues.append(Issue(f"列“{label}”与第{columns[field_name].letter}列重复，只读取第一列。",
                                      sheet=sheet.name, level="warning", code="duplicate_column"))
            continue
        columns[field_name] = Column(field_name, index, label, unit)
        if unit is None and group:
            _gtext, unit = header_key(group)
            if unit:
                columns[field_name].unit = unit
    return columns


def _infer_period(sheet: ParsedSheet, header_texts: list[str], top_texts: list[str]):
    ytd = sheet.columns.get("completed_ytd")
    if ytd:
        match = _YTD_MONTH.search(ytd.label.replace(" ", ""))
        if match:
            sheet.month = int(match.group(1))
    for text in header_texts:
        match = _YEAR.search(text)
        if match and not _PRIOR_YEAR.search(text):
            sheet.year = int(match.group(1))
            break
    if sheet.year is None:
        prior = sheet.columns.get("prior_cumulative")
        match = _PRIOR_YEAR.search(prior.label) if prior else None
        if match:
            sheet.year = int(match.group(1)) + 1
    for text in top_texts:
        if sheet.year is None:
            match = _YEAR.search(text)
            if match:
                sheet.year = int(match.group(1))
        if sheet.month is None:
            match = _MONTH.search(text)
            if match:
                sheet.month = int(match.group(1) or match.group(2))


def _read_header(sheet: ParsedSheet, rows: list[tuple], head: int, second: int | None) -> None:
    """Title, unit, columns and period from the lines above the header and the header itself."""
    sheet.header_rows = [head + 1] + ([second + 1] if second is not None else [])
    top_texts = [text_of(v) for row in rows[:head] for v in row if text_of(v)]
    sheet.title = top_texts[0] if top_texts else ""
    for text in top_texts:
        match = _UNIT_LINE.search(text.replace(" ", ""))
        if match:
            sheet.unit = match.group(1)
            break
    sheet.columns = _columns(sheet.kind, rows[head], rows[second] if second is not None else None, sheet)
    header_texts = [text_of(v) for v in rows[head] if text_of(v)]
    _infer_period(sheet, header_texts, top_texts)


def _sheet_domain(sheet: ParsedSheet, domain_names: list[str]) -> str | None:
    """The domain the sheet's name names or, for a project sheet, its title."""
    domain = _find_domain(sheet.name, domain_names)
    if domain or sheet.kind == "commissioners":
        return domain
    domain = _find_domain(re.sub(r"项目(大会战)?", "项目", sheet.title), domain_names)
    if domain is None:
        match = re.search(r"“?([^“”]+?)项目(调度|进展|计划|清单|情况)", sheet.title or "")
        if match:
            domain = _find_domain(match.group(1), domain_names)
    return domain


def _check_required(sheet: ParsedSheet) -> bool:
    """Whether every required column is there (an issue for each one missing)."""
    for required in REQUIRED[sheet.kind]:
        if required not in sheet.columns:
            name = COLUMN_LABELS[sheet.kind][required]
            sheet.issues.append(Issue(
                f"缺少必需的列“{name}”（表头第{sheet.header_rows[0]}行未找到该列）。",
                sheet=sheet.name, row=sheet.header_rows[0], column=name, code="missing_column"))
    return not any(issue.code == "missing_column" for issue in sheet.issues)


def _is_footnote(row: tuple, first: str, name_index: int) -> bool:
    """A 填报单位/注： line: it starts so, with no project name beside it."""
    if not _FOOTNOTE.match(first):
        return False
    name_text = text_of(row[name_index]) if name_index < len(row) else ""
    return not name_text or name_text == first or sum(1 for v in row if text_of(v)) <= 2


def _total_scope(row: tuple, name_index: int) -> str:
    """"all", "block" or "part" when a cell left of or in the name column labels a total row."""
    for index, value in enumerate(row[: name_index + 1]):
        text = text_of(value).replace(" ", "").replace("\u3000", "")
        if not text:
            continue
        match = _TOTAL_LABEL.match(text)
        if match:
            return match.lastgroup or ""
        if index < name_index or len(text) <= 16:
            if _BLOCK_SUFFIX.search(text):
                return "block"
            if _TOTAL_SUFFIX.search(text):
                return "all"
    return ""


def _name_index(sheet: ParsedSheet) -> int:
    """The column that names a row: the name, else the code (an issues sheet may give either)."""
    column = sheet.columns.get("name") or sheet.columns.get("code")
    return column.index if column is not None else 0


def _classify(sheet: ParsedSheet, row: tuple, number: int, first: str, domain: str | None,
              domain_names: list[str]) -> ParsedRow:
    """A total (合计/小计/其中), section or data row; ``domain`` is the current section's."""
    name_index = _name_index(sheet)
    values = {name: (row[col.index] if col.index < len(row) else None) for name, col in sheet.columns.items()}
    scope = _total_scope(row, name_index)
    if scope:
        return ParsedRow(sheet.name, number, "total", values, label=first, scope=scope, domain=domain)
    section = _SECTION.match(first) if sheet.kind in PROJECT_KINDS else None
    if section and not (row[0:1] and _DIGITS.fullmatch(text_of(row[0]))):
        domain = _find_domain(section.group(1), domain_names)
        if domain is None:
            sheet.issues.append(Issue(f"分组行“{first}”不属于任何已知领域（{'、'.join(domain_names)}）。",
                                      sheet=sheet.name, row=number, code="unknown_domain"))
        return ParsedRow(sheet.name, number, "section", values, domain, first)
    return ParsedRow(sheet.name, number, "data", values, domain or sheet.domain)


def _read_rows(sheet: ParsedSheet, rows: list[tuple], start: int, domain_names: list[str]) -> None:
    """Classify every row below the header; blank rows and footnotes (the reporter kept) are skipped."""
    name_index = _name_index(sheet)
    current_domain = None
    for offset, row in enumerate(rows[start:]):
        if _is_blank(row):
            continue
        # Only the cells the classification reads are normalised (not every cell of every row).
        first = next((c for c in map(text_of, row) if c), "")
        if _is_footnote(row, first, name_index):
            match = _REPORTER.search(first)
            if match and not sheet.reporter_name:
                sheet.reporter_name = match.group(1)[:50]
            continue
        parsed = _classify(sheet, row, start + offset + 1, first, current_domain, domain_names)
        if parsed.kind == "section":
            current_domain = parsed.domain
        sheet.rows.append(parsed)


def parse_sheet(raw: RawSheet, kind: str, domain_names: list[str]) -> ParsedSheet | None:
    """The layout and the classified rows of one sheet; None for a sheet with no header at all."""
    sheet = ParsedSheet(name=raw.name, kind=kind)
    found = _detect_header(kind, raw.rows)
    if found is None:
        return None
    head, second = found
    _read_header(sheet, raw.rows, head, second)
    sheet.domain = _sheet_domain(sheet, domain_names)
    if not _check_required(sheet):
        return sheet
    _read_rows(sheet, raw.rows, (second if second is not None else head) + 1, domain_names)
    if kind in PROJECT_KINDS:
        _check_subtotals(sheet)
    return sheet


def _sum(sheet: ParsedSheet, rows: list[ParsedRow], field_name: str) -> Decimal:
    total = Decimal("0")
    for row in rows:
        try:
            total += sheet.money(row, field_name) or 0
        except ValueError:
            continue
    return total


def _subtotal_groups(sheet: ParsedSheet) -> list[tuple[ParsedRow, list[ParsedRow]]]:
    """(stating row, the data rows it sums): a section its rows, 小计 the rows since the last
    section or 小计, 合计 every data row of the sheet; 其中 is a part and is not checked."""
    checks: list[tuple[ParsedRow, list[ParsedRow]]] = []
    section, section_rows, block = None, [], []
    for row in sheet.rows:
        if row.kind == "section":
            if section is not None:
                checks.append((section, section_rows))
            section, section_rows, block = row, [], []
        elif row.kind == "data":
            section_rows.append(row)
            block.append(row)
        elif row.scope == "block":
            checks.append((row, block))
            block = []
        elif row.scope == "all":
            if section is not None:
                checks.append((section, section_rows))
            section, section_rows = None, []
            checks.append((row, sheet.data_rows))
    if section is not None:
        checks.append((section, section_rows))
    return checks


def _check_subtotals(sheet: ParsedSheet) -> None:
    """Section, 小计 and 合计 rows are checked against the rows they sum: a mismatch is a warning."""
    for subtotal, members in _subtotal_groups(sheet):
        match = _SECTION_COUNT.search(subtotal.label)
        if match and int(match.group(1)) != len(members):
            sheet.issues.append(Issue(f"“{subtotal.label}”写明{match.group(1)}个项目，实际{len(members)}行。",
                                      sheet=sheet.name, row=subtotal.number, level="warning", code="count_mismatch"))
        word = {"all": "合计", "block": "小计"}.get(subtotal.scope, "小计")
        for field_name in CHECKED_FIELDS:
            if field_name not in sheet.columns:
                continue
            try:
                stated = sheet.money(subtotal, field_name)
            except ValueError:
                stated = None
            if stated is None:
                continue
            actual = _sum(sheet, members, field_name)
            if abs(stated - actual) > TOLERANCE:
                sheet.issues.append(Issue(
                    f"{word}行{stated}与明细行之和{actual}不符（按明细行导入）。",
                    sheet=sheet.name, row=subtotal.number, column=sheet.column_label(field_name),
                    level="warning", code="subtotal_mismatch"))


def _parse_sheet_of(raw: RawSheet, kind: str, domain_names: list[str]) -> ParsedSheet | None:
    """The sheet as the first of the book kind's sheet kinds whose header it has in full; else as
    the first one whose header it has in part (with its missing columns), else None."""
    partial = None
    for sheet_kind in SHEET_KINDS.get(kind, (kind,)):
        sheet = parse_sheet(raw, sheet_kind, domain_names)
        if sheet is None:
            continue
        if not any(issue.code == "missing_column" for issue in sheet.issues):
            return sheet
        partial = partial or sheet
    return partial


def _wanted(kind: str) -> str:
    """The required columns of the kind's sheets, for "no header found"."""
    return "；".join("、".join(COLUMN_LABELS[k][name] for name in REQUIRED[k]) for k in SHEET_KINDS.get(kind, (kind,)))


def parse_book(raw_sheets: list[RawSheet], kind: str, filename: str, domain_names: list[str],
               year: int | None = None, month: int | None = None) -> ParsedBook:
    """Parse every sheet; ``year``/``month`` given by the user win over what the headers say."""
    if kind not in KINDS:
        raise BadFile(f"未知的导入类型“{kind}”。")
    book = ParsedBook(kind=kind, filename=filename)
    missing: list[Issue] = []
    for raw in raw_sheets:
        if _is_blank(tuple(v for row in raw.rows for v in row)):
            continue
        sheet = _parse_sheet_of(raw, kind, domain_names)
        if sheet is None:
            continue
        if any(issue.code == "missing_column" for issue in sheet.issues):
            missing.extend(sheet.issues)
            continue
        book.sheets.append(sheet)
    if not book.sheets:
        if missing:
            book.issues.extend(missing)
            return book
        wanted = _wanted(kind)
        raise BadFile(f"文件无数据：没有找到表头行（应含“{wanted}”等列）。")
    if not any(sheet.data_rows for sheet in book.sheets):
        where = "、".join(f"工作表“{s.name}”第{s.header_rows[-1]}行" for s in book.sheets)
        raise BadFile(f"文件无数据：表头（{where}）之下没有任何数据行。")
    book.issues.extend(missing)
    years = {s.year for s in book.sheets if s.year}
    months = {s.month for s in book.sheets if s.month}
    book.year = year or (years.pop() if len(years) == 1 else None)
    book.month = month or (months.pop() if len(months) == 1 else None)
    if not year and len(years) > 1:
        book.issues.append(Issue(f"各工作表的年度不一致（{sorted(years)}），请指定年度。", code="period"))
    if not month and len(months) > 1:
        book.issues.append(Issue(f"各工作表的月份不一致（{sorted(months)}），请指定月份。", code="period"))
    return book


__all__ = ["COMPILED", "KINDS", "SHEET_KINDS", "ParsedBook", "ParsedRow", "ParsedSheet", "parse_book", "parse_sheet"]
