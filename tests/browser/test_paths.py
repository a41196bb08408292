"""What citizens and clerks do, done in the browser: by keyboard alone, and from editor to search."""

from tests.browser.conftest import DESKTOP, new_page

MAX_TABS = 120


def focused(page):
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                type: element.getAttribute("type"),
                name: element.getAttribute("name"),
                href: element.getAttribute("href"),
                visible: style.outlineStyle !== "none" || style.boxShadow !== "none",
            };
        }"""
    )


def tab_to(page, matches, what):
    """Press Tab until the focused element matches; every element on the way shows its focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] in {"a", "input", "button", "select", "summary"}:
            assert element["visible"], f"no visible focus on {element} while tabbing to {what}"
        if matches(element):
            return element
    raise AssertionError(f"{what} not reached in {MAX_TABS} presses of Tab on {page.url}")


def test_keyboard_only_from_home_to_a_search_result_and_an_interpretation(demo, browser):
    target = demo["urls"]["interpreted_policy"]
    assert target, "the demo has no public policy with a public interpretation"
    page = new_page(browser, DESKTOP)
    try:
        page.goto(demo["base"] + demo["urls"]["home"])
        tab_to(page, lambda e: e["tag"] == "input" and e["type"] == "search", "the header search box")
        page.keyboard.type(target["title"])
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/search/" in page.url
        tab_to(page, lambda e: e["href"] == target["url"], "the policy in the search results")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == demo["base"] + target["url"]
        tab_to(page, lambda e: e["href"] == target["interpretation"], "the policy's interpretation")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == demo["base"] + target["interpretation"]
    finally:
        page.context.close()
