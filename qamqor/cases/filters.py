"""The filters of the case list, one FilterSet for the page and the endpoint
(/cases/ and /api/v1/cases/): every filter is served by an index (tests/cases/test_indexes.py)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qamqor.cases import selectors
from qamqor.cases.models import Case


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Case.Status.choices)
    region = django_filters.CharFilter(field_name="region__code")
    organisation = django_filters.CharFilter(field_name="organisation__code")
    lead_worker = django_filters.CharFilter(field_name="lead_worker__username")
    restricted = django_filters.BooleanFilter()
    opened_after = django_filters.DateFilter(field_name="opened_at", lookup_expr="date__gte")
    opened_before = django_filters.DateFilter(field_name="opened_at", lookup_expr="date__lt")
    mine = django_filters.BooleanFilter(method="filter_mine")
    unassigned = django_filters.BooleanFilter(
        field_name="lead_worker", lookup_expr="isnull", label=_("nobody leads it")
    )

    def filter_mine(
        self, queryset: QuerySet[Case], name: str, value: bool | None
    ) -> QuerySet[Case]:
        if not value:
            return queryset
        return queryset.filter(pk__in=selectors.my_cases(self.request.user).values("pk"))


def page_filters(data: dict[str, Any]) -> dict[str, str]:
    """The case page's filter form (cases.forms.CaseFilterForm, cleaned) in CaseFilter's
    terms: a region chosen by its row is its code, and a box left unticked filters nothing."""
    values = {"status": data.get("status") or ""}
    if data.get("region"):
        values["region"] = data["region"].code
    for box in ("restricted", "mine"):
        if data.get(box):
            values[box] = "true"
    return values
