"""Kazakh, Russian and English on every page; reference items in the chosen language."""

import pytest
from django.conf import settings
from django.urls import reverse

from qamqor.core.access import Role
from tests.factories import PASSWORD


def test_the_three_languages_ship_together():
    assert [code for code, _name in settings.LANGUAGES] == ["kk", "ru", "en"]


def test_each_language_is_offered_in_its_own_name(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    for name in ("Қазақша", "Русский", "English"):
        assert name in page


@pytest.mark.parametrize(
    ("language", "title"),
    [("kk", "Кіру"), ("ru", "Вход"), ("en", "Log in")],
)
def test_choosing_a_language_switches_the_page(client, db, language, title):
    response = client.post(
        reverse("accounts:set_language"),
        {"language": language, "next": reverse("accounts:login")},
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<title>{title} · Qamqor</title>" in page


def test_the_browser_language_is_used_until_one_is_chosen(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="ru">' in page


def test_a_signed_in_users_choice_is_kept_for_their_next_login(client, member):
    user = member(Role.CASEWORKER)
    client.force_login(user)
    client.post(reverse("accounts:set_language"), {"language": "kk", "next": "/"})
    user.refresh_from_db()
    assert user.language == "kk"

    other_browser = client.__class__()
    response = other_browser.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"


def test_an_unknown_language_changes_nothing(client, db):
    client.post(reverse("accounts:set_language"), {"language": "de", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'<html lang="{settings.LANGUAGE_CODE}">' in page


@pytest.mark.parametrize(
    ("language", "region_name", "group_name"),
    [
        ("kk", "Абай облысы", "Адам саудасының құрбандары"),
        ("ru", "область Абай", "Жертвы торговли людьми"),
        ("en", "Abai Region", "Victims of trafficking in persons"),
    ],
)
def test_reference_items_are_shown_in_the_chosen_language(
    client, member, language, region_name, group_name
):
    client.force_login(member(Role.CASEWORKER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    regions = client.get(reverse("catalog:list", args=["regions"])).content.decode()
    groups = client.get(reverse("catalog:list", args=["groups"])).content.decode()
    assert region_name in regions
    assert group_name in groups


def test_the_api_answers_in_the_requested_language(client, member):
    client.force_login(member(Role.CASEWORKER))
    response = client.get("/api/v1/catalog/regions/KZ-10/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["name"] == "область Абай"
    assert response.json()["name_kk"] == "Абай облысы"


def test_the_language_choice_is_on_every_page(client, member, org):
    client.force_login(member(Role.ADMIN))
    pages = [
        "/",
        reverse("catalog:index"),
        reverse("catalog:standards"),
        reverse("providers:index"),
        reverse("providers:organisation", args=[org.code]),
        reverse("providers:find"),
        reverse("accounts:password_change"),
        reverse("admin:index"),
        reverse("admin:catalog_region_changelist"),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert 'name="language"' in page, url
        assert 'lang="kk"' in page and 'lang="ru"' in page, url
