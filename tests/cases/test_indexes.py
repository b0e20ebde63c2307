"""Every filter offered on a list is served by an index (a database index leading with the
column, a foreign key's own index, or a unique constraint)."""

import pytest

from qamqor.cases.api import CaseFilter
from qamqor.cases.forms import CaseFilterForm
from qamqor.cases.models import Case, Intake, Referral
from qamqor.people.models import Person, PersonNameToken


def _indexed_columns(model) -> set[str]:
    columns = set()
    for index in model._meta.indexes:
        columns.add(index.fields[0].lstrip("-"))
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if fields:
            columns.add(fields[0])
    for field in model._meta.concrete_fields:
        if field.db_index or field.unique or field.primary_key:
            columns.add(field.name)
    return columns


def _first_column(model, path: str) -> str:
    return path.split("__")[0]


@pytest.mark.parametrize("name", list(CaseFilter.base_filters))
def test_every_api_case_filter_is_indexed(name):
    field = CaseFilter.base_filters[name]
    if name == "mine":  # lead worker or assignment, both indexed
        assert {"lead_worker"} <= _indexed_columns(Case)
        return
    assert _first_column(Case, field.field_name) in _indexed_columns(Case)


@pytest.mark.parametrize("name", list(CaseFilterForm.base_fields))
def test_every_web_case_filter_is_indexed(name):
    column = {"mine": "lead_worker"}.get(name, name)
    assert column in _indexed_columns(Case)


@pytest.mark.parametrize(
    ("model", "columns"),
    [
        (Person, ["code", "iin_hash", "region", "registered_by"]),
        (PersonNameToken, ["token"]),
        (Intake, ["organisation", "region"]),
        (Referral, ["to_organisation", "from_organisation", "region", "case"]),
    ],
)
def test_search_and_list_columns_are_indexed(model, columns):
    assert set(columns) <= _indexed_columns(model)
