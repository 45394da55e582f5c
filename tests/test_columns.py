"""One column specification per sheet kind: the exporter's titles are what the importer reads."""

import pytest

from registers.exports.resources import AcceptanceCommissionerResource, ProjectResource
from registers.sheets.columns import SHEET_COLUMNS, columns_of_model_field, label
from registers.sheets.headers import match_field


@pytest.mark.parametrize("kind", sorted(SHEET_COLUMNS))
def test_every_label_is_read_back_as_its_own_column(kind):
    for column in SHEET_COLUMNS[kind]:
        assert match_field(kind, column.label) == column.field, column.label


@pytest.mark.parametrize(("resource", "kind"), [(ProjectResource, "projects"),
                                                 (AcceptanceCommissionerResource, "commissioners")])
def test_export_titles_come_from_the_specification(resource, kind):
    headers = resource().get_export_headers()
    fields = [match_field(kind, header) for header in headers]
    assert None not in fields
    assert [label(kind, f) for f in fields] == list(headers)


def test_a_model_field_message_points_at_its_columns_in_sheet_order():
    assert columns_of_model_field("projects", "townships") == ("township", "location")
    assert columns_of_model_field("projects", "start_year") == ("start_year", "years")
    assert columns_of_model_field("projects", "unknown") == ()
