"""The bulk writer of a valid project or progress file: new and changed projects, the year's plans
and the month's progress in a few bulk statements, then one Wagtail revision (who, when) per changed
project and progress row, also in bulk. Runs inside ``run_import``'s transaction; a scope refusal
at write time raises ``_Rollback`` and nothing stays written.

django-import-export builds and saves one instance per row (and a Wagtail revision would be one
``save_revision`` per row); ours is kept because it writes the same rows and revision content in
bulk — instances built without ``ClusterableModel.__init__``, revision content serialised from
plain values, rows inserted by ``registers.imports.bulk`` (``bench/bench_import.py``, three rounds,
2026-12-01: the 20,000-row sheet imports with its revisions in 15.1 s on SQLite and 17.2 s on
PostgreSQL for the whole command, 3.2× and 3.9× openpyxl's read of the file, while a plain
row-by-row ``ModelResource`` without revisions costs 5.3 and 10.9 ms a row: ≥ 106 s and ≥ 218 s).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from registers.imports.bulk import insert, insert_rows
from registers.imports.index import RegisterIndex
from registers.imports.results import ImportResult

if TYPE_CHECKING:
    from registers.imports.projects import _Planned


class _Rollback(Exception):
    """Raised inside the import's transaction to undo everything written (errors are on the rows)."""


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

    out: dict[int, dict[str, list]] = {pk: {} for pk in parent_ids}
    for m2m in get_all_child_m2m_relations(model):
        # As ``serializable_data``: the related pks in the related model's own order.
        for pk in parent_ids:
            out[pk][m2m.name] = []
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        ordering = [f"{target}__{o}" for o in (m2m.related_model._meta.ordering or [])] + [target]
        for start in range(0, len(parent_ids), 5000):
            chunk = parent_ids[start:start + 5000]
            for parent, related in through.objects.filter(**{f"{source}__in": chunk}).order_by(*ordering) \
                    .values_list(f"{source}_id", f"{target}_id"):
                out[parent][m2m.name].append(related)
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
    defaults = {f.attname: f.get_default() for f in Revision._meta.concrete_fields if not f.primary_key}
    common = {**defaults, "content_type_id": content_type.pk, "base_content_type_id": content_type.pk,
              "created_at": now, "user_id": user.pk if user is not None else None}
    revisions = []
    for row in rows:
        content = serialize(row)
        content.update(children[row["id"]])
        revisions.append({**common, "object_id": str(row["id"]), "object_str": describe(row)[:255],
                          "content": content})
    keys = insert_rows(Revision, revisions)
    _set_column(model, "latest_revision_id", [(row["id"], key) for row, key in zip(rows, keys, strict=True)])
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
    """Write every planned row: projects, plans, progress, then their revisions; ``result.counts``
    says what was written."""
    now = timezone.now()
    new = [p for p in plans if p.project_id is None]
    new_objects = _create_projects(new)
    if progress_cb:
        progress_cb(len(new_objects), len(plans), "write")
    new_ids = {id(p) for p in new}
    updated = [p for p in plans if p.project and id(p) not in new_ids]
    updated_rows = _update_projects(updated, now)
    _check_written_scope(index, user, new + updated, [o.pk for o in new_objects] + [p.project_id for p in updated])
    plan_new, plan_update = _write_plans(plans, index, result.year)
    progress_new, progress_update = _write_progress(plans, index, result, user, reporter_names, now)
    if progress_cb:
        progress_cb(len(plans), len(plans), "write")
    result.counts = {
        "projects_created": len(new_objects), "projects_updated": len(updated),
        "plans_created": len(plan_new), "plans_updated": len(plan_update),
        "progress_created": len(progress_new), "progress_updated": len(progress_update),
        "revisions": _write_revisions(plans, index, new_ids, new_objects, updated_rows, progress_new,
                                      progress_update, user, now),
    }


def _create_projects(new: list[_Planned]) -> list:
    """The new projects, created in bulk; each planned row gets its project's id."""
    from registers.models import Project

    build = _builder(Project)
    new_objects = [build({"code": None, **{k: v for k, v in p.project.items() if k not in ("id", "townships")}})
                   for p in new]
    insert(new_objects)
    for p, obj in zip(new, new_objects, strict=True):
        p.project_id = obj.pk
    _set_townships(new)
    return new_objects


def _set_townships(planned: list[_Planned]) -> None:
    """所在乡镇 of the rows that give it: the project's set replaced, in bulk."""
    from registers.models import Project

    located = [p for p in planned if "townships" in p.project]
    if not located:
        return
    through = Project.townships.through
    ids = [p.project_id for p in located]
    for start in range(0, len(ids), 5000):
        through.objects.filter(project_id__in=ids[start:start + 5000]).delete()
    through.objects.bulk_create([through(project_id=p.project_id, unit_id=unit_id)
                                 for p in located for unit_id in p.project["townships"]], batch_size=2000)


def _update_projects(updated: list[_Planned], now) -> dict[int, dict]:
    """The changed fields of existing projects, in bulk; returns their full rows as written."""
    from registers.models import Project

    if not updated:
        return {}
    update_fields = sorted({k for p in updated for k in p.project if k != "townships"} | {"updated_at"})
    updated_rows = {row["id"]: row for row in _rows(Project, [p.project_id for p in updated])}
    objects = []
    for p in updated:
        row = updated_rows[p.project_id]
        row.update({k: v for k, v in p.project.items() if k != "townships"}, updated_at=now)
        objects.append(Project(**{k: row[k] for k in update_fields}, id=p.project_id))
    Project.objects.bulk_update(objects, update_fields, batch_size=500)
    _set_townships(updated)
    return updated_rows


def _check_written_scope(index: RegisterIndex, user, planned: list[_Planned], written: list[int]) -> None:
    """Authoritative scope check of the written rows, through the one scope function."""
    from registers.models import Project

    if index.full_scope or not written:
        return
    allowed = set()
    for start in range(0, len(written), 5000):
        chunk = Project.objects.filter(pk__in=written[start:start + 5000])
        allowed |= set(chunk.for_user(user).values_list("pk", flat=True))
    outside = [p for p in planned if p.project_id not in allowed]
    if outside:
        for p in outside:
            p.row.error("无权新增或修改该项目：不在您的管理范围内。", "", "out_of_scope")
        raise _Rollback()


def _write_plans(plans: list[_Planned], index: RegisterIndex, year: int) -> tuple[list, list]:
    """The year's new and changed plans, in bulk."""
    from registers.models import AnnualPlan

    plan_new, plan_update = [], []
    for p in plans:
        if p.plan is None:
            continue
        existing = index.plans.get(p.project_id)
        if existing:
            plan_update.append(AnnualPlan(id=existing["id"], project_id=p.project_id, year=year, **p.plan))
        else:
            plan_new.append(AnnualPlan(project_id=p.project_id, year=year, **p.plan))
    insert(plan_new)
    AnnualPlan.objects.bulk_update(plan_update, ["planned_investment", "prior_cumulative"], batch_size=500)
    return plan_new, plan_update


def _write_progress(plans: list[_Planned], index: RegisterIndex, result: ImportResult, user, reporter_names,
                    now) -> tuple[list, list]:
    """The month's new and changed progress rows, in bulk, as submitted by the importing user."""
    from registers.models import MonthlyProgress, ProgressStatus

    year, month = result.year, result.month
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
    insert(progress_new)
    if progress_update:
        fields = sorted({k for p in plans if p.progress for k in p.progress}
                        | {"status", "verified_by_id", "verified_at", "submitted_at", "reporter_id", "reporter_name",
                           "updated_at"})
        MonthlyProgress.objects.bulk_update(progress_update, fields, batch_size=500)
    return progress_new, progress_update


def _write_revisions(plans: list[_Planned], index: RegisterIndex, new_ids: set, new_objects: list,
                     updated_rows: dict, progress_new: list, progress_update: list, user, now) -> int:
    """Revisions: every project whose own fields or plan changed, every progress row written —
    their content from the values just written (new rows) or read back (changed rows)."""
    from registers.models import MonthlyProgress, Project

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

    return (_revisions(Project, project_rows, user, now, lambda row: row["name"])
            + _revisions(MonthlyProgress, progress_rows, user, now, progress_str))
