"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright. `make test`
installs the `chromium` package when it is missing; Playwright never downloads a browser.
Without Chromium the tests fail, saying so: they never skip."""

from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# --no-sandbox because tests run as root; the background-networking flags keep Chromium from
# calling Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def allow_orm_under_playwright(monkeypatch):
    """Playwright's sync API runs an asyncio event loop in the test's thread, so Django would
    refuse the test's own ORM calls with SynchronousOnlyOperation. Nothing async touches the
    database (the live server answers the browser from its own threads), so the guard is
    lifted, for these tests only."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def chromium(allow_orm_under_playwright):
    """Debian's Chromium, headless, started by Playwright."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (`make test` runs "
            "`make browser`, which does). The browser tests never skip."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # While that loop runs, Django keeps this thread's connections apart from the
            # usual ones (asgiref's Local is per-context in a thread with a running loop):
            # close them here, or PostgreSQL cannot drop the test database at the end.
            connections.close_all()
