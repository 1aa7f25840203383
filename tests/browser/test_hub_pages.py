"""The hub in a real browser: axe-core finds no WCAG 2.2 AA violation on the key pages, everything
works from the keyboard, and nothing overflows a phone's screen."""

import pytest
from playwright.sync_api import expect

from tests.cms.builders import build_every_block_page, make_material
from tests.support.browser import assert_accessible

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def hub(live_server, demo_site):
    build_every_block_page()
    make_material("Parents online safety leaflet", audiences=["Parents"], topics=["Online safety"])
    return live_server.url


def assert_no_horizontal_overflow(page, context):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    wide = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth + 1;
            return [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > width)
              .slice(0, 5).map(e => e.tagName + '.' + e.className);
        }"""
    )
    assert overflow <= 0 and not wide, f"{context} overflows a 375px screen: {wide}"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "context"),
    [
        ("/", "home page"),
        ("/every-block/", "content page with every block"),
        ("/materials/?audience=parents&topic=online-safety&format=leaflet", "filtered materials"),
        ("/search/?q=prevent", "search results"),
        ("/how-to-report-a-concern/", "report a concern"),
    ],
)
def test_key_pages_have_no_accessibility_violations(page, hub, path, context):
    page.goto(hub + path)

    assert_accessible(page, context)


@pytest.mark.browser
def test_the_materials_library_with_an_invalid_filter_is_accessible(page, hub):
    page.goto(hub + "/materials/?audience=nobody")

    expect(page.get_by_role("alert")).to_contain_text("There is a problem with the filters")
    assert_accessible(page, "materials library with an error")


@pytest.mark.browser
def test_a_keyboard_user_skips_to_the_content_and_reaches_the_menu(page, hub):
    page.goto(hub + "/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(hub + "/")
    menu_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="How to report a concern"
    )
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "How to report a concern":
            break
    expect(menu_link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(hub + "/how-to-report-a-concern/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How to report a concern")


@pytest.mark.browser
def test_a_keyboard_user_filters_the_materials_library(page, hub):
    page.goto(hub + "/materials/")

    page.get_by_label("Audience").focus()
    page.keyboard.press("ArrowDown")  # "Staff" is first, then "Parents"
    page.get_by_label("Audience").select_option("parents")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Topic")).to_be_focused()
    page.get_by_label("Topic").select_option("online-safety")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Apply filters")).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url("**/materials/?audience=parents&topic=online-safety&format=")
    results = page.locator(".materials")
    expect(results).to_contain_text("Parents online safety leaflet")
    expect(results).not_to_contain_text("Prevent: a briefing for employers")


@pytest.mark.browser
def test_a_keyboard_user_opens_an_accordion_answer(page, hub):
    page.goto(hub + "/every-block/")
    summary = page.get_by_text("What is WRAP?")

    summary.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("A workshop.")).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/every-block/",
        "/materials/?audience=parents",
        "/search/?q=prevent",
        "/how-to-report-a-concern/",
        "/partners/",
        "/glossary/",
        "/learning-and-development/wrap/",
    ],
)
def test_pages_fit_a_phone_screen(browser, hub, path):
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True)
    page = context.new_page()
    try:
        page.goto(hub + path)
        assert_no_horizontal_overflow(page, path)
    finally:
        context.close()


@pytest.mark.browser
def test_public_pages_load_no_inline_script_or_style(page, hub):
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )

    for path in (
        "/",
        "/every-block/",
        "/materials/",
        "/search/?q=wrap",
        "/how-to-report-a-concern/",
    ):
        page.goto(hub + path)
        assert page.locator("script:not([src])").count() == 0, path
        assert page.locator("style").count() == 0, path
        assert page.locator("[style]").count() == 0, path

    assert violations == []
