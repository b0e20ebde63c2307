"""Issue 8, finding 12: Back after "Open the case" and a second submit created the same person
(and case) twice. In a real browser (Debian's Chromium, Playwright) with the headers the app
really sends (`Cache-Control: no-store`, so Back fetches the form page again while the browser
restores what was typed), the second submit shows the case opened the first time."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from qamqor.cases.models import Case
from qamqor.people.models import Person
from tests.factories import PASSWORD

TIMEOUT_MS = 15_000

pytestmark = pytest.mark.browser


def test_back_and_submit_again_shows_the_case_already_opened(chromium, live_server, org, staff):
    context = chromium.new_context(locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    new_case = reverse("cases:new")
    page.goto(f"{live_server.url}{reverse('accounts:login')}?next={new_case}")
    page.fill("input[name=username]", staff["caseworker"].username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")

    form_page = page.goto(page.url)  # the form page as the browser gets it
    page.select_option("select[name=intake_region]", str(org.region_id))
    page.fill("input[name=family_name]", "Backbuttonova")
    page.fill("input[name=given_name]", "Aigerim")
    with page.expect_navigation():
        page.click("main form button[type=submit].primary")
    first = Case.objects.get()
    assert page.url == f"{live_server.url}{reverse('cases:detail', args=[first.code])}"

    page.go_back()
    expect(page.locator("input[name=family_name]")).to_have_value("Backbuttonova")
    with page.expect_navigation():
        page.click("main form button[type=submit].primary")

    assert Person.objects.filter(family_name="Backbuttonova").count() == 1
    assert Case.objects.count() == 1
    assert page.url == f"{live_server.url}{reverse('cases:detail', args=[first.code])}"
    expect(page.locator("main")).to_contain_text("already saved")
    # …and that with the final headers: the form page is not stored, so Back fetched it again.
    assert "no-store" in form_page.headers.get("cache-control", ""), form_page.headers
    context.close()
