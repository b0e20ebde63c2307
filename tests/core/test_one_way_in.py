"""No way around the access functions: the administration site registers no case, person,
intake, referral, transfer, call or screening (nor anything hanging off them), so the only
ways to them are the pages and API endpoints, which go through qamqor.*.access."""

from django.contrib import admin

SENSITIVE_APPS = {"people", "cases", "protection", "audit"}


def test_the_administration_site_reaches_no_case_or_person_data():
    registered = {model._meta.label for model in admin.site._registry}
    assert {label for label in registered if label.split(".")[0] in SENSITIVE_APPS} == set()
