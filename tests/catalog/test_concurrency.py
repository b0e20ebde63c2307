"""Loads that run at the same time queue instead of failing or duplicating rows."""

import threading

import pytest
from django.db import connection

from qamqor.catalog.loader import FILES, load_catalog
from qamqor.catalog.models import CatalogLoad


def _empty_catalog():
    for spec in reversed(FILES):  # standards first: they refer to the others
        spec.model.objects.all().delete()
    CatalogLoad.objects.all().delete()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_loads_create_every_row_once():
    _empty_catalog()
    results, errors = [], []
    start = threading.Barrier(4)

    def load():
        try:
            start.wait()
            results.append(load_catalog())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    created = [sum(file.created for file in report.files) for report in results]
    assert sorted(created)[:3] == [0, 0, 0]  # one load created everything, the others nothing
    for spec in FILES:
        codes = list(spec.model.objects.values_list("code", flat=True))
        assert len(codes) == len(set(codes))
    assert CatalogLoad.objects.count() == len(FILES)
