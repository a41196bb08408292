"""Every public page type passes axe-core and fits a phone, in normal and 长辈版 mode."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, axe_violations, describe, horizontal_overflow, new_page

PAGE_KINDS = ["home", "column", "policy", "interpretation", "catalog", "opinion_response", "village_index", "village"]
EXTRA_URLS = {"search": "/search/?q=%E6%94%BF%E5%BA%9C", "not_found": "/no-such-page/"}
SCREENSHOT_KINDS = {"home", "policy", "catalog", "search", "village"}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def url_of(demo, kind):
    if kind in EXTRA_URLS:
        return demo["base"] + EXTRA_URLS[kind]
    path = demo["urls"][kind]
    assert path, f"the demo has no live public {kind} page"
    return demo["base"] + path


def switch_to_elder_mode(page):
    """Follow the page's own 长辈版 link, as a visitor does; the choice is remembered in a cookie."""
    toggle = page.get_by_role("link", name="长辈版")
    assert toggle.count() >= 1, "no 长辈版 link on the page"
    toggle.first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_KINDS + list(EXTRA_URLS))
def test_page_is_accessible_and_fits(demo, browser, kind, viewport, mode):
    page = new_page(browser, VIEWPORTS[viewport])
    try:
        url = url_of(demo, kind)
        response = page.goto(url)
        if mode == "elder":
            switch_to_elder_mode(page)
            response = page.goto(url)
            assert "elder" in (page.get_attribute("body", "class") or ""), "长辈版 did not stay on"
        expected = 404 if kind == "not_found" else 200
        assert response.status == expected, f"{url} answered {response.status}"
        assert page.locator("header form[role=search] input, header input[type=search]").count() >= 1, (
            "no search box in the header"
        )
        violations = axe_violations(page)
        assert violations == [], f"{url} ({viewport}, {mode}):\n{describe(violations)}"
        if viewport == "phone":
            assert horizontal_overflow(page) <= 0, f"{url} scrolls sideways on a {PHONE['width']} px phone"
        if kind in SCREENSHOT_KINDS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{kind}-{viewport}-{mode}.png"), full_page=False)
    finally:
        page.context.close()
