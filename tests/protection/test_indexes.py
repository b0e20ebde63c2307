"""Every filter of the call log and the screening list is served by an index."""

import pytest

from qamqor.protection.forms import CallFilterForm
from qamqor.protection.models import Alert, HotlineCall, ProtectiveOrder, SafetyPlan, Screening
from tests.cases.test_indexes import _indexed_columns

# The form's field → the column it filters (dates filter on the time of the call).
CALL_COLUMNS = {"received_after": "received_at", "received_before": "received_at"}


@pytest.mark.parametrize("name", list(CallFilterForm.base_fields))
def test_every_call_log_filter_is_indexed(name):
    column = CALL_COLUMNS.get(name, name)
    # An index leading with the organisation (the access filter) then the time serves dates.
    indexes = [[field.lstrip("-") for field in index.fields] for index in HotlineCall._meta.indexes]
    assert column in _indexed_columns(HotlineCall) or any(
        fields[:2] == ["organisation", column] for fields in indexes
    )


@pytest.mark.parametrize(
    ("model", "columns"),
    [
        (Screening, ["organisation", "region", "status", "case"]),
        (HotlineCall, ["organisation", "region", "topic", "case"]),
        (ProtectiveOrder, ["valid_until", "case"]),
        (SafetyPlan, ["is_current", "case"]),
        (Alert, ["case", "organisation"]),
    ],
)
def test_list_and_alert_columns_are_indexed(model, columns):
    assert set(columns) <= _indexed_columns(model)
