"""Playwright driving Debian's chromium (never a downloaded browser)."""

import os
import shutil

import pytest

from tests.support.services import require

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    require(bool(path), "Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
    # itself (fixtures, assertions) are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page, context: str = "") -> None:
    """Run axe-core on the page; fail listing every WCAG A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    # A message still fading in reads as low contrast: jump every finite animation to its end
    # state first. (Waiting for them instead cost 25 s a page in the admin, whose "new items"
    # badge pulses for 25 s.) Endless ones (spinners) are left running.
    page.evaluate(
        "() => document.getAnimations()"
        ".filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
        ".forEach((a) => a.finish())"
    )
    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    violations = results.response["violations"]
    assert not violations, f"axe-core violations on {context or page.url}:\n" + "\n".join(
        f"- {v['id']}: {v['help']} ({len(v['nodes'])} node(s)): "
        f"{[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
