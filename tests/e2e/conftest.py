import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop on this thread; the ORM calls the tests make
# between browser steps are still synchronous (as Playwright's Django guide advises).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    assert Path(executable).exists(), f"{executable} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    # The live server serves static files through the finders, which know the files by
    # their plain names only: render plain names here (production's hashed names are
    # checked in tests/opscenter/test_static.py).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 900})
    # Nothing may come from outside the app: any request off the live server fails the test.
    outside = []
    context.route(
        "**/*",
        lambda route: (
            (outside.append(route.request.url) or route.abort())
            if not route.request.url.startswith(live_server.url)
            else route.continue_()
        ),
    )
    page = context.new_page()
    yield page
    context.close()
    assert not outside, f"the page fetched from outside the app: {outside}"


@pytest.fixture
def screenshot(page):
    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
