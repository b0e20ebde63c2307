import datetime as dt

from django.utils import timezone

from qamqor.catalog.models import AtRiskGroup, Standard

OPEN_ENDED = {"valid_to"}  # empty means "still in force"


def _empty_fields(standard: Standard) -> list[str]:
    return [
        field.name
        for field in Standard._meta.concrete_fields
        if field.name not in OPEN_ENDED and getattr(standard, field.attname) in (None, "")
    ]


def test_every_group_has_a_standard_in_force_today_with_every_field_filled(catalog):
    today = timezone.localdate()
    groups = AtRiskGroup.objects.in_force(today)
    assert groups.count() == 15
    for group in groups:
        standards = Standard.objects.in_force(today).filter(group=group)
        complete = [standard for standard in standards if not _empty_fields(standard)]
        assert complete, f"{group.code} has no complete standard in force today"


def test_every_standard_in_force_is_complete(catalog):
    incomplete = {
        standard.code: _empty_fields(standard)
        for standard in Standard.objects.in_force()
        if _empty_fields(standard)
    }
    assert incomplete == {}


def test_trafficking_victims_get_shelter_without_registration_within_a_day(catalog):
    shelter = Standard.objects.in_force().get(
        group__code="trafficking_victims", service_type__code="shelter"
    )
    assert shelter.setting.code == "temporary_stay"
    assert (shelter.unit, shelter.max_units, shelter.extendable) == ("day", 30, True)
    assert shelter.days_to_first_service == 1
    assert shelter.no_registration_required
    assert shelter.free_of_charge
    assert {"social_psychological", "social_legal"} <= set(
        Standard.objects.in_force()
        .filter(group__code="trafficking_victims")
        .values_list("service_type__code", flat=True)
    )


def test_a_case_from_2015_is_judged_by_the_standard_then_in_force(catalog):
    then = dt.date(2015, 3, 1)
    shelter_then = Standard.objects.in_force(then).get(
        group__code="trafficking_victims", service_type__code="shelter"
    )
    shelter_now = Standard.objects.in_force().get(
        group__code="trafficking_victims", service_type__code="shelter"
    )
    assert shelter_then != shelter_now
    assert not shelter_then.extendable
    assert "114-IV" in shelter_then.legal_basis


def test_standards_today_cite_order_263_and_the_social_code(catalog):
    for standard in Standard.objects.in_force():
        assert "263" in standard.legal_basis
        assert "224-VII" in standard.legal_basis


def test_names_and_qualifications_exist_in_three_languages(catalog):
    for standard in Standard.objects.all():
        for language in ("kk", "ru", "en"):
            assert getattr(standard, f"name_{language}")
            assert getattr(standard, f"staff_qualification_{language}")
