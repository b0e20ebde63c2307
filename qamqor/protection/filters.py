"""The filters of the call and screening lists, one FilterSet each for the page and the
endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from qamqor.protection import selectors
from qamqor.protection.models import HotlineCall, Screening


class LocalDayFilter(django_filters.DateFilter):
    """From (gte) or before (lt) a local day, as a range on the time column itself so that
    its index serves the filter (a filter on the column's date part cannot use it)."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        if self.lookup_expr == "gte":
            return selectors.within_days(queryset, self.field_name, first=value)
        if value == dt.date.min:  # before the first day of the calendar: nothing
            return queryset.none()
        return selectors.within_days(queryset, self.field_name, last=value - dt.timedelta(days=1))


class CallFilter(django_filters.FilterSet):
    received_after = LocalDayFilter(field_name="received_at", lookup_expr="gte")
    received_before = LocalDayFilter(field_name="received_at", lookup_expr="lt")
    region = django_filters.CharFilter(field_name="region__code")
    topic = django_filters.ChoiceFilter(choices=HotlineCall.Topic.choices)
    linked = django_filters.BooleanFilter(
        field_name="case", lookup_expr="isnull", exclude=True, label=_("part of a case")
    )

    class Meta:
        model = HotlineCall
        fields = ["received_after", "received_before", "region", "topic", "linked"]


class ScreeningFilter(django_filters.FilterSet):
    place = django_filters.ChoiceFilter(choices=Screening.Place.choices)
    region = django_filters.CharFilter(field_name="region__code")
    status = django_filters.ChoiceFilter(choices=Screening.Status.choices)
    screened_after = LocalDayFilter(field_name="screened_at", lookup_expr="gte")
    screened_before = LocalDayFilter(field_name="screened_at", lookup_expr="lt")

    class Meta:
        model = Screening
        fields = ["place", "region", "status", "screened_after", "screened_before"]


def call_page_filters(data: dict[str, Any]) -> dict[str, str]:
    """The call page's filter form (protection.forms.CallFilterForm, cleaned) in CallFilter's
    terms: the page's "until" day is included, the endpoint's `received_before` is not."""
    values = {"topic": data.get("topic") or ""}
    if data.get("received_after"):
        values["received_after"] = data["received_after"].isoformat()
    if data.get("received_before") and data["received_before"] < dt.date.max:
        values["received_before"] = (data["received_before"] + dt.timedelta(days=1)).isoformat()
    if data.get("region"):
        values["region"] = data["region"].code
    return values
