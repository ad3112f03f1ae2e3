"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live server.

`playwright install` cannot download browsers here, so the launch names /usr/bin/chromium; the
flags keep Chromium from reaching for Google's services on a closed network.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


# With SQLite in memory, every request thread of the live server shares the test's one database
# connection, transaction state included: the grid's row check arriving while a step's POST holds its
# transaction runs inside that transaction and can read nothing. A real server gives each thread its
# own connection; here, on SQLite, the live server answers one request at a time.
_one_request = threading.Lock()
_wsgi_call = WSGIHandler.__call__


def _one_at_a_time(self, environ, start_response):
    if connection.vendor != "sqlite":
        return _wsgi_call(self, environ, start_response)
    with _one_request:
        return _wsgi_call(self, environ, start_response)


WSGIHandler.__call__ = _one_at_a_time


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make deps` (installs Debian's chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # After live_server (and its database) is set up, so that this is torn down first: the browser is
    # closed, and a request still in flight (a beacon, a row check) has finished, before the database
    # is flushed under it ("cannot open savepoint - SQL statements in progress" on SQLite).
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    with _one_request:  # SQLite: waits for the request being answered, if any
        pass


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
