"""The bulk importer's revisions are the ones an admin save makes: the same content as
``serializable_data()`` (so Wagtail's history and compare views work), who and when, and
``latest_revision`` pointing at them; and its row scope is the admin form's (``project_in_scope``)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

import openpyxl
import pytest

from registers.core.scopes import GROUP_REPORTER
from registers.imports.pipeline import run_import
from registers.models import MonthlyProgress, Project
from snippets.models import Unit
from tests.import_helpers import sample, write_xlsx
from tests.registers_factories import make_user, viewset

pytestmark = pytest.mark.django_db

P = viewset(Project)
M = viewset(MonthlyProgress)
NAME = "江西卓远新材料科技有限公司年产3万吨玻纤短切毡项目"


def as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def expected_content(obj, previous_revision_id):
    """What ``save_revision`` would have stored for ``obj`` as it is in the database now."""
    stored_updated_at = type(obj).objects.values_list("updated_at", flat=True).get(pk=obj.pk)
    data = as_json(obj.serializable_data())  # (serializable_data() stamps updated_at with now)
    data["updated_at"] = as_json(stored_updated_at)
    data["latest_revision"] = previous_revision_id
    return data


def changed_copy(tmp_path, name, column_prefix, value):
    """The projects sample with the cell of ``name``'s row under the header ``column_prefix…`` set."""

    def titled(cell):
        return isinstance(cell.value, str) and cell.value.startswith(column_prefix)

    workbook = openpyxl.load_workbook(sample("projects_2022_full.xlsx"))
    for ws in workbook.worksheets:
        header = next((r for r in ws.iter_rows(max_row=10) if any(titled(c) for c in r)), None)
        if header is None:
            continue
        column = next(c.column for c in header if titled(c))
        for row in ws.iter_rows():
            if any(c.value == name for c in row):
                ws.cell(row=row[0].row, column=column, value=value)
                path = tmp_path / "changed.xlsx"
                workbook.save(path)
                return path
    raise AssertionError(f"{name} / {column_prefix} not found")


def test_revision_content_is_serializable_data_and_history_views_work(client, tmp_path):
    user = make_user("importer", superuser=True)
    assert run_import("projects", sample("projects_2022_full.xlsx"), user=user).written
    project = Project.objects.get(name=NAME)
    first = project.latest_revision
    assert first.user == user and first.object_str == project.name
    assert first.content == expected_content(project, None)
    assert project.revisions.count() == 1

    progress = MonthlyProgress.objects.get(project=project, year=2022, month=5)
    assert progress.latest_revision.content == expected_content(progress, None)
    assert progress.latest_revision.object_str == str(progress) == f"{NAME} 2022年5月"

    # A changed total investment: one new revision whose content is the row as now stored.
    again = run_import("projects", changed_copy(tmp_path, NAME, "总投资", 99999), user=user)
    assert again.written and again.status_counts()["update"] == 1, again.summary()
    project.refresh_from_db()
    second = project.latest_revision
    assert second.pk != first.pk and project.revisions.count() == 2
    assert project.total_investment == 99999
    assert second.content == expected_content(project, first.pk)
    assert second.content["total_investment"] == "99999.00"
    assert second.as_object().total_investment == 99999

    client.force_login(user)
    history = client.get(reverse(P.get_url_name("history"), args=[project.pk]))
    assert history.status_code == 200 and "importer" in history.content.decode()
    compare = client.get(reverse(P.get_url_name("revisions_compare"), kwargs={
        "pk": project.pk, "revision_id_a": first.pk, "revision_id_b": second.pk}))
    assert compare.status_code == 200
    assert "99999" in compare.content.decode()
    assert client.get(reverse(M.get_url_name("history"), args=[progress.pk])).status_code == 200


def test_import_cannot_move_a_project_out_of_the_users_scope(tmp_path):
    assert run_import("projects", sample("projects_2022_full.xlsx")).written
    own_unit = Unit.objects.resolve("县农业农村局")
    other = Unit.objects.resolve("县工业园管委会")
    project = Project.objects.filter(responsible_unit=own_unit, owner_unit__isnull=True).first()
    user = make_user("agri_reporter", GROUP_REPORTER, own_unit.name)
    header = ["序号", "项目名称", "项目类别", "责任单位", "总投资（万元）", "建设起止年限"]
    rows = [["2022年重大项目调度表"], ["单位：万元"], header]

    def sheet(unit, total):
        path = tmp_path / f"{unit.pk}_{total}.xlsx"
        body = [[1, project.name, project.domain.name, unit.short_name or unit.name, total,
                 f"{project.start_year}-{project.end_year}"]]
        return write_xlsx(path, {"调度表": rows + body})

    moved = run_import("projects", sheet(other, 1234), user=user)
    assert [e.code for e in moved.errors] == ["out_of_scope"] and not moved.written
    project.refresh_from_db()
    assert project.responsible_unit == own_unit and project.total_investment != 1234

    kept = run_import("projects", sheet(own_unit, 1234), user=user)
    assert kept.written, [str(e) for e in kept.errors]
    project.refresh_from_db()
    assert project.total_investment == 1234 and project.latest_revision.user == user
