"""The hotline quick form in a real browser: Debian's Chromium driven by Playwright.

A call is saved in one htmx request, the new row and "Call logged." appear, and the page is
never reloaded. Chromium comes from Debian (`make test` installs the `chromium` package when
/usr/bin/chromium is missing); Playwright never downloads a browser. Without Chromium the
test fails, saying so: it never skips.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from qamqor.protection.models import HotlineCall
from tests.factories import PASSWORD

TIMEOUT_MS = 15_000
# Page loads and htmx requests; images, styles and scripts are not counted.
COUNTED = {"document", "xhr", "fetch"}

pytestmark = pytest.mark.browser


class Requests:
    """Page loads and htmx requests the browser makes, from the last `clear()` on."""

    def __init__(self, page, calls_url):
        self.seen, self.calls_url = [], calls_url
        page.on("request", self._record)

    def _record(self, request):
        if request.resource_type in COUNTED:
            self.seen.append(request)

    def clear(self):
        self.seen.clear()


@pytest.fixture
def hotline(chromium, live_server, org, staff):
    """The operator, logged in through the login page, on the hotline page; the page is marked
    (`window.__noReload`) so that a reload would show."""
    context = chromium.new_context(locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    calls = reverse("protection:calls")
    page.goto(f"{live_server.url}{reverse('accounts:login')}?next={calls}")
    page.fill("input[name=username]", staff["operator"].username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url == f"{live_server.url}{calls}"
    expect(page.locator("#call-form")).to_be_visible()
    page.evaluate("window.__noReload = 1")
    requests = Requests(page, page.url)
    yield page, requests
    context.close()
    assert errors == [], f"JavaScript errors on the hotline page: {errors}"


def _not_reloaded(page) -> bool:
    return page.evaluate("window.__noReload === 1")


def _submit(page, requests):
    """Submits the quick form and returns its POST, the only page load or htmx request made."""
    requests.clear()
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.locator("#call-form button[type=submit]").click()
    post = answer.value.request
    assert post.url == requests.calls_url
    assert post.resource_type in ("xhr", "fetch") and post.headers.get("hx-request") == "true"
    return answer.value


def test_a_call_is_saved_in_one_htmx_request_without_reloading(hotline, org, staff):
    page, requests = hotline
    form, rows = page.locator("#call-form"), page.locator("#call-rows tr:not(.empty-row)")
    topic, logged = form.locator("select[name=topic]"), form.locator(".message.success")
    empty = page.locator("#call-rows .empty-row")
    expect(rows).to_have_count(0)
    expect(empty).to_be_visible()
    expect(topic).to_be_focused()  # the operator starts typing at once

    # No topic chosen (none is pre-selected): the form comes back with the error in place,
    # and nothing is saved.
    expect(topic).to_have_value("")
    answer = _submit(page, requests)
    expect(form.locator(".field.has-error .error")).to_have_count(1)
    expect(form.locator("#id_topic_error")).to_be_visible()
    expect(logged).to_have_count(0)
    assert answer.status == 400
    assert _not_reloaded(page), "the page was reloaded"
    assert [request.method for request in requests.seen] == ["POST"]
    assert not HotlineCall.objects.exists()
    expect(rows).to_have_count(0)

    # With a topic: one request saves the call; its row and "Call logged." appear.
    topic.select_option("legal")
    answer = _submit(page, requests)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Legal help")
    expect(empty).to_be_hidden()
    expect(logged).to_have_text("Call logged.")
    expect(topic).to_be_focused()  # ready for the next call
    expect(topic).to_have_value("")
    expect(form.locator(".error")).to_have_count(0)
    assert answer.status == 201
    assert _not_reloaded(page), "the page was reloaded"
    assert [request.method for request in requests.seen] == ["POST"]

    call = HotlineCall.objects.get()
    assert call.anonymous
    assert (call.organisation, call.region) == (org, org.region)
    assert (call.topic, call.recorded_by) == ("legal", staff["operator"])
