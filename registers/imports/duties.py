"""The duties sheets (附件3, 附件4), validated in memory against the register and written in bulk:

* ``leaders``: the 县领导挂点联系重大项目安排表 — a 一对一 sheet (leader, post, project, liaison unit)
  and a 包干 sheet (leader, post, domain), each found by its header. Leaders are created by name;
  an assignment is (leader, year, kind, project or domain); the 1–3 projects rule
  (``registers.duties.rules.assignment_errors``) counts the file's rows and the register's;
* ``leader_log``: the leaders' 工作台账 — each entry on the leader's assignment of the entry's year for
  the project (or "X领域"); an entry is (assignment, date, kind, summary);
* ``commissioner_log``: the liaison commissioners' 履职台账 — commissioner by name and unit, the
  project one of theirs; a duty is (commissioner, project, date, kind, notes).

As every import: any error and nothing is written; the same file twice changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from registers.imports.fields import _text
from registers.imports.index import RegisterIndex
from registers.imports.issues import _project, parse_date
from registers.imports.projects import YEAR_MISSING
from registers.imports.results import ImportResult, RowResult
from registers.sheets import Issue, ParsedBook, ParsedRow, ParsedSheet
from snippets.normalize import normalize_name

# The sheet column a message about an assignment's (activity's, duty's) model field points at.
ASSIGNMENT_COLUMNS = {"project": "name", "project_id": "name", "liaison_unit": "liaison_unit", "domain": "domain",
                      "leader": "leader", "notes": "notes"}
LOG_COLUMNS = {"kind": "kind", "date": "date", "summary": "summary", "notes": "notes", "project": "name",
               "assignment": "name", "commissioner": "commissioner"}


def _date(row: RowResult, sheet: ParsedSheet, values: dict):
    day, why = parse_date(values.get("date"))
    if why:
        row.error(why.replace("提报日期", "日期"), sheet.column_label("date"), "bad_date")
    return day


def _choice(row: RowResult, sheet: ParsedSheet, text: str, choices, what: str):
    """The value of the choice whose label ``text`` is (also without its last character's "会" etc.)."""
    key = normalize_name(text)
    for choice in choices:
        if key and key == str(choice.label):
            return choice.value
    labels = "、".join(str(c.label) for c in choices)
    if not key:
        row.error(f"{what}为空（应为{labels}之一）。", sheet.column_label("kind"), "missing_kind")
    else:
        row.error(f"{what}“{text}”不是{labels}之一。", sheet.column_label("kind"), "bad_kind")
    return None


def _clean_fields(row: RowResult, sheet: ParsedSheet, instance, columns: dict) -> None:
    """The model's own field validators (foreign keys come from the index)."""
    foreign = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    try:
        instance.clean_fields(exclude=foreign)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                row.error(message, sheet.column_label(columns.get(field_name, field_name)), "invalid")


# --- 挂点安排 -------------------------------------------------------------------------------------


class _Leaders:
    """The register's leaders and the year's assignments, and what the file adds, in memory."""

    def __init__(self, year: int):
        from registers.duties.models import AssignmentKind, Leader, LeaderAssignment

        self.year = year
        self.leaders = {normalize_name(leader.name): leader for leader in Leader.objects.all()}
        self.new_leaders: dict[str, Leader] = {}
        self.assignments = {}
        self.projects: dict[int, set[int]] = {}  # leader id → one-to-one project ids (register and file)
        for a in LeaderAssignment.objects.filter(year=year):
            self.assignments[(a.leader_id, a.kind, a.project_id or a.domain_id)] = a
            if a.kind == AssignmentKind.ONE_TO_ONE:
                self.projects.setdefault(a.leader_id, set()).add(a.project_id)
        self.next_order = max((leader.sort_order for leader in self.leaders.values()), default=0) + 1
        self.seen: dict[tuple, int] = {}  # a 包干 (leader, kind, domain) → its first row
        self.posts: dict[str, str] = {}  # an existing leader's new post, by normalised name

    def leader(self, name: str, post: str):
        """The leader named so (a new one, with a placeholder negative id until written)."""
        from registers.duties.models import Leader

        key = normalize_name(name)
        if key in self.leaders:
            return self.leaders[key]
        if key not in self.new_leaders:
            # A placeholder id lets the rules count the new leader's projects; replaced when written.
            self.new_leaders[key] = Leader(pk=-(len(self.new_leaders) + 1), name=name, post=post,
                                           sort_order=self.next_order + len(self.new_leaders))
        leader = self.new_leaders[key]
        if post and not leader.post:
            leader.post = post
        return leader


def _one_to_one(sheet: ParsedSheet, parsed: ParsedRow, index: RegisterIndex, state: _Leaders):
    """(row, the assignment to write or None) for a 一对一 row."""
    from registers.duties.models import AssignmentKind, LeaderAssignment
    from registers.models import Project

    values, col = parsed.values, sheet.column_label
    row = RowResult(sheet.name, parsed.number, _text(values.get("leader")))
    name, post = _text(values.get("leader")), _text(values.get("post"))
    if not name:
        row.error("挂点领导为空。", col("leader"), "missing_leader")
    project_id = _project(row, sheet, values, index)
    unit_text = _text(values.get("liaison_unit"))
    unit = index.unit(unit_text)
    if unit_text and unit is None:
        row.error(f"未知服务联络部门“{unit_text}”：请先在“单位”中添加该单位或其别名。", col("liaison_unit"),
                  "unknown_unit")
    if row.errors:
        return row, None
    leader = state.leader(name, post)
    current = state.assignments.get((leader.pk, AssignmentKind.ONE_TO_ONE, project_id))
    taken = state.projects.setdefault(leader.pk, set())
    if current is None and project_id in taken:
        row.error(f"{name}{state.year}年已挂点该项目（与前面的行重复）。", col("name"), "duplicate_row")
        return row, None
    p = index.projects[project_id]
    assignment = LeaderAssignment(pk=current.pk if current else None, leader=leader, kind=AssignmentKind.ONE_TO_ONE,
                                  year=state.year, liaison_unit=unit, notes=_text(values.get("notes")),
                                  project=Project(pk=project_id, name=p["name"], stage=p["stage"]))
    if current is not None:
        assignment.changed_on = current.changed_on
    _check_assignment(row, sheet, assignment, len(taken - {project_id}))
    if row.errors:
        return row, None
    taken.add(project_id)
    row.domain = index.domains_by_id[p["domain_id"]].name
    return row, _classified(row, assignment, current, ("liaison_unit_id", "notes"))


def _domain_row(sheet: ParsedSheet, parsed: ParsedRow, index: RegisterIndex, state: _Leaders):
    """(row, the assignment to write or None) for a 包干 row."""
    from registers.duties.models import AssignmentKind, LeaderAssignment

    values, col = parsed.values, sheet.column_label
    name, post = _text(values.get("leader")), _text(values.get("post"))
    row = RowResult(sheet.name, parsed.number, name)
    if not name:
        row.error("包干领导为空。", col("leader"), "missing_leader")
    text = _text(values.get("domain"))
    domain = index.domain(text)
    if domain is None:
        names = "、".join(index.domain_names)
        reason = "分管领域为空。" if not text else f"未知领域“{text}”：应为{names}之一（可加“领域”二字）。"
        row.error(reason, col("domain"), "unknown_domain")
    if row.errors:
        return row, None
    leader = state.leader(name, post)
    key = (leader.pk, AssignmentKind.DOMAIN, domain.pk)
    current = state.assignments.get(key)
    if key in state.seen:
        row.error(f"与第{state.seen[key]}行重复（同一领导、同一领域）。", col("domain"), "duplicate_row")
        return row, None
    state.seen[key] = parsed.number
    assignment = LeaderAssignment(pk=current.pk if current else None, leader=leader, kind=AssignmentKind.DOMAIN,
                                  year=state.year, domain=domain)
    if current is not None:
        assignment.changed_on = current.changed_on
    _check_assignment(row, sheet, assignment, None)
    if row.errors:
        return row, None
    row.domain = domain.name
    return row, _classified(row, assignment, current, ())


def _check_assignment(row: RowResult, sheet: ParsedSheet, assignment, taken: int | None) -> None:
    """The model's field validators and the duties rules (the admin form's ``clean``)."""
    from registers.duties.rules import assignment_errors

    _clean_fields(row, sheet, assignment, ASSIGNMENT_COLUMNS)
    for field_name, message in assignment_errors(assignment, taken=taken).items():
        row.error(message, sheet.column_label(ASSIGNMENT_COLUMNS.get(field_name, field_name)), "rule")


def _classified(row: RowResult, assignment, current, fields: tuple[str, ...]):
    changed = [f for f in fields if current is not None and getattr(current, f) != getattr(assignment, f)]
    row.status = "new" if current is None else ("update" if changed else "unchanged")
    row.changes = [str(type(assignment)._meta.get_field(f.removesuffix("_id")).verbose_name) for f in changed]
    return assignment


def _validate_leaders(book: ParsedBook, index: RegisterIndex, result: ImportResult):
    """Every row of both sheets classified; returns the state and the assignments to write."""
    if not book.year:
        result.issues.append(Issue(YEAR_MISSING, code="period"))
        return None, []
    state = _Leaders(book.year)
    writes = []
    posts: dict[str, str] = {}
    for sheet in book.sheets:
        check = _one_to_one if sheet.kind == "leaders_one" else _domain_row
        for parsed in sheet.data_rows:
            row, assignment = check(sheet, parsed, index, state)
            result.rows.append(row)
            if assignment is not None:
                writes.append((row, assignment))
                post = _text(parsed.values.get("post"))
                if post:
                    posts.setdefault(normalize_name(assignment.leader.name), post)
    state.posts = {key: post for key, post in posts.items()
                   if key in state.leaders and state.leaders[key].post != post}
    for row, assignment in writes:
        key = normalize_name(assignment.leader.name)
        if key in state.posts and row.status == "unchanged":
            row.status, row.changes = "update", ["职务"]
    return state, writes


def _write_leaders(state: _Leaders, writes, result: ImportResult) -> None:
    from registers.duties.models import Leader, LeaderAssignment

    created = list(state.new_leaders.values())
    placeholders = {leader.pk: leader for leader in created}
    for leader in created:
        leader.pk = None
    Leader.objects.bulk_create(created)
    changed_leaders = []
    for key, post in state.posts.items():
        leader = state.leaders[key]
        leader.post = post
        changed_leaders.append(leader)
    Leader.objects.bulk_update(changed_leaders, ["post"])
    now = timezone.now()
    new, changed = [], []
    for row, assignment in writes:
        assignment.leader = placeholders.get(assignment.leader_id, assignment.leader)
        assignment.leader_id = assignment.leader.pk
        if assignment.pk is None:
            new.append(assignment)
        elif row.status == "update" and row.changes != ["职务"]:
            assignment.updated_at = now
            changed.append(assignment)
    LeaderAssignment.objects.bulk_create(new)
    LeaderAssignment.objects.bulk_update(changed, ["liaison_unit", "notes", "updated_at"])
    result.counts = {"leaders_created": len(created), "leaders_updated": len(changed_leaders),
                     "assignments_created": len(new), "assignments_updated": len(changed)}


# --- 工作台账 -------------------------------------------------------------------------------------


def _assignment_index() -> dict:
    """(leader name, year, kind, project or domain id) → (assignment id, kind)."""
    from registers.duties.models import LeaderAssignment

    found = {}
    for a in LeaderAssignment.objects.values("id", "leader__name", "year", "kind", "project_id", "domain_id"):
        found[(normalize_name(a["leader__name"]), a["year"], a["project_id"] or a["domain_id"], a["kind"])] = a
    return found


def _target(row: RowResult, sheet: ParsedSheet, values: dict, index: RegisterIndex):
    """(kind, project or domain id) the 挂点项目 cell names: "X领域" a 包干 domain, else a project."""
    from registers.duties.models import AssignmentKind

    text = _text(values.get("name"))
    if text.endswith("领域"):
        domain = index.domain(text)
        if domain is None:
            row.error(f"未知领域“{text}”：应为{'、'.join(index.domain_names)}之一。", sheet.column_label("name"),
                      "unknown_domain")
            return None, None
        return AssignmentKind.DOMAIN, domain.pk
    project_id = _project(row, sheet, values, index)
    return AssignmentKind.ONE_TO_ONE, project_id


def _leader_log_row(sheet: ParsedSheet, parsed: ParsedRow, index: RegisterIndex, assignments: dict):
    from registers.duties.models import ActivityKind, LeaderActivity, LeaderAssignment

    values, col = parsed.values, sheet.column_label
    name = _text(values.get("leader"))
    row = RowResult(sheet.name, parsed.number, name)
    day = _date(row, sheet, values)
    if not name:
        row.error("挂点领导为空。", col("leader"), "missing_leader")
    kind, target = _target(row, sheet, values, index)
    activity_kind = _choice(row, sheet, _text(values.get("kind")), ActivityKind, "活动类型")
    if row.errors:
        return row, None
    found = assignments.get((normalize_name(name), day.year, target, kind))
    if found is None:
        row.error(f"{name}{day.year}年没有挂点“{_text(values.get('name'))}”的安排（请先导入挂点安排表）。",
                  col("name"), "no_assignment")
        return row, None
    activity = LeaderActivity(assignment=LeaderAssignment(pk=found["id"], kind=found["kind"]), date=day,
                              kind=activity_kind, summary=_text(values.get("summary")))
    _clean_fields(row, sheet, activity, LOG_COLUMNS)
    try:
        activity.clean()
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                row.error(message, col(LOG_COLUMNS.get(field_name, field_name)), "rule")
    return row, (None if row.errors else activity)


def _validate_leader_log(book: ParsedBook, index: RegisterIndex, result: ImportResult) -> list:
    from registers.duties.models import LeaderActivity

    assignments = _assignment_index()
    existing = set(LeaderActivity.objects.values_list("assignment_id", "date", "kind", "summary"))
    return _classify_log(book, result, lambda sheet, parsed: _leader_log_row(sheet, parsed, index, assignments),
                         lambda a: (a.assignment_id, a.date, a.kind, a.summary), existing, "挂点项目")


def _classify_log(book: ParsedBook, result: ImportResult, check, key_of, existing: set, what: str) -> list:
    """Each row checked; a row already in the register is unchanged, one twice in the file an error."""
    writes, seen = [], {}
    for sheet in book.sheets:
        for parsed in sheet.data_rows:
            row, entry = check(sheet, parsed)
            result.rows.append(row)
            if entry is None:
                continue
            key = key_of(entry)
            if key in seen:
                row.error(f"与第{seen[key]}行重复（同一{what}、日期、类型和内容）。", sheet.column_label("date"),
                          "duplicate_row")
                continue
            seen[key] = parsed.number
            row.status = "unchanged" if key in existing else "new"
            if row.status == "new":
                writes.append(entry)
    return writes


def _write_log(model, writes: list, result: ImportResult, counted: str) -> None:
    model.objects.bulk_create(writes)
    result.counts = {counted: len(writes)}


# --- 对接专员履职台账 -----------------------------------------------------------------------------


def _commissioner_index() -> tuple[dict, dict]:
    """(name, unit id, year) → commissioner id; commissioner id → its project ids."""
    from registers.duties.models import LiaisonCommissioner

    commissioners = {(normalize_name(c["name"]), c["unit_id"], c["year"]): c["id"]
                     for c in LiaisonCommissioner.objects.values("id", "name", "unit_id", "year")}
    projects: dict[int, set[int]] = {}
    for cid, pid in LiaisonCommissioner.projects.through.objects.values_list("liaisoncommissioner_id",
                                                                             "project_id"):
        projects.setdefault(cid, set()).add(pid)
    return commissioners, projects


def _commissioner_log_row(sheet: ParsedSheet, parsed: ParsedRow, index: RegisterIndex, known: tuple[dict, dict]):
    from registers.duties.models import CommissionerDuty, DutyKind

    commissioners, projects = known
    values, col = parsed.values, sheet.column_label
    name, unit_text = _text(values.get("commissioner")), _text(values.get("unit"))
    row = RowResult(sheet.name, parsed.number, name)
    day = _date(row, sheet, values)
    unit = index.unit(unit_text)
    if not name:
        row.error("对接专员为空。", col("commissioner"), "missing_commissioner")
    if not unit_text:
        row.error("所在单位为空。", col("unit"), "missing_unit")
    elif unit is None:
        row.error(f"未知单位“{unit_text}”：请先在“单位”中添加该单位或其别名。", col("unit"), "unknown_unit")
    project_id = _project(row, sheet, values, index)
    kind = _choice(row, sheet, _text(values.get("kind")), DutyKind, "类型")
    if row.errors:
        return row, None
    commissioner_id = commissioners.get((normalize_name(name), unit.pk, day.year))
    if commissioner_id is None:
        row.error(f"{unit}没有{day.year}年的对接专员“{name}”（请先在“对接专员”中添加）。", col("commissioner"),
                  "unknown_commissioner")
        return row, None
    if project_id not in projects.get(commissioner_id, ()):
        row.error(f"项目“{_text(values.get('name'))}”不是{name}的对接项目。", col("name"), "not_their_project")
        return row, None
    duty = CommissionerDuty(commissioner_id=commissioner_id, project_id=project_id, date=day, kind=kind,
                            notes=_text(values.get("notes")))
    _clean_fields(row, sheet, duty, LOG_COLUMNS)
    return row, (None if row.errors else duty)


def _validate_commissioner_log(book: ParsedBook, index: RegisterIndex, result: ImportResult) -> list:
    from registers.duties.models import CommissionerDuty

    known = _commissioner_index()
    existing = set(CommissionerDuty.objects.values_list("commissioner_id", "project_id", "date", "kind", "notes"))
    return _classify_log(book, result, lambda sheet, parsed: _commissioner_log_row(sheet, parsed, index, known),
                         lambda d: (d.commissioner_id, d.project_id, d.date, d.kind, d.notes), existing, "专员、项目")


# --- the pipeline's entry points ------------------------------------------------------------------

DUTY_KINDS = ("leaders", "leader_log", "commissioner_log")


def validate_and_write_duties(kind: str, book: ParsedBook, index: RegisterIndex, result: ImportResult,
                              dry_run: bool) -> bool:
    """``pipeline._validate_and_write`` for the duties kinds: False when it stopped before writing."""
    from registers.duties.models import CommissionerDuty, LeaderActivity

    if kind == "leaders":
        state, writes = _validate_leaders(book, index, result)
        if result.errors or dry_run:
            return False
        _write_leaders(state, writes, result)
    elif kind == "leader_log":
        writes = _validate_leader_log(book, index, result)
        if result.errors or dry_run:
            return False
        _write_log(LeaderActivity, writes, result, "activities_created")
    else:
        writes = _validate_commissioner_log(book, index, result)
        if result.errors or dry_run:
            return False
        _write_log(CommissionerDuty, writes, result, "duties_created")
    return True
