"""What citizens and clerks do, done in the browser: by keyboard alone, and from editor to search."""

import secrets

from tests.browser.conftest import DESKTOP, SCREENSHOTS, new_page
from tests.example_site.test_demo import run_script

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


# A clerk of Wagtail's own Editors group (add and edit everywhere, no publish), and a member of each
# group of the review workflow the demo's columns have (先审后发).
PEOPLE_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site
from gk_wagtail.models import GovSiteSettings, PolicyDocumentPage
from gk_wagtail.setup.workflows import confidentiality_reviewer_group_name, publishing_approver_group_name

site = Site.objects.get(is_default_site=True)
organization = GovSiteSettings.for_site(site).organization
groups = {
    "clerk": "Editors",
    "reviewer": confidentiality_reviewer_group_name(organization),
    "approver": publishing_approver_group_name(organization),
}
for role, group in groups.items():
    user = get_user_model().objects.create_user("browser-" + role, password=%(password)r)
    user.groups.add(Group.objects.get(name=group))
policy = PolicyDocumentPage.objects.live().public().descendant_of(site.root_page).order_by("path").first()
print(json.dumps({"id": policy.pk, "title": policy.title, "url": policy.url}))
"""

INTERPRETATION_SCRIPT = """
import json
from gk_wagtail.models import PolicyInterpretationPage

page = PolicyInterpretationPage.objects.get(title=%(title)r)
print(json.dumps({
    "id": page.pk,
    "live": page.live,
    "url": page.url if page.live else None,
    "slug": page.slug,
    "policies": [link.policy_id for link in page.policy_links.all()],
    "issuing_organ": page.issuing_organ_id,
}))
"""

CLEANUP_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from gk_wagtail.models import PolicyInterpretationPage

for page in PolicyInterpretationPage.objects.filter(title=%(title)r):
    page.delete()
get_user_model().objects.filter(username__in=["browser-clerk", "browser-reviewer", "browser-approver"]).delete()
print(json.dumps(True))
"""


SUBMIT = "button[name=action-submit]"
# Approve without a comment: the other approve button opens a dialog for one.
APPROVE = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"


def sign_in(browser, demo, username, password):
    """A new browser session logged in to the admin through its login page, which is in Chinese."""
    page = new_page(browser, DESKTOP)
    page.goto(demo["base"] + "/admin/login/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    assert page.url == demo["base"] + "/admin/", f"{username} was not let in: {page.url}"
    return page


def action_menu(page):
    """The editor's footer menu of actions (save, submit, approve, …), opened."""
    toggle = page.locator("footer [data-w-dropdown-target=toggle]").first
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.locator("footer")


def act(page, selector):
    """Click the action ``selector`` of the editor's footer menu and wait for the page it leads to."""
    menu = action_menu(page)
    with page.expect_navigation():
        menu.locator(selector).click()


def without_autosave(route):
    if route.request.method == "POST" and "text/html" not in (route.request.headers.get("accept") or ""):
        route.abort()
    else:
        route.continue_()


def error_messages(page):
    return page.locator(".messages li.error").all_inner_texts()


def approve_from_dashboard(page, title):
    """A step's way: the dashboard lists the page awaiting its group; the member opens it and approves it."""
    assert page.get_by_role("heading", name="等待你的审查").count() == 1
    with page.expect_navigation():
        page.locator("a", has_text=title).first.click()
    assert "/edit/" in page.url
    act(page, APPROVE)


def test_a_clerks_interpretation_goes_live_through_review_and_is_found(demo, browser):
    password = secrets.token_urlsafe(12)
    title = "2020年政务公开工作要点问答"
    values = {"password": password, "title": title}
    pages = []
    try:
        policy = run_script(demo["environment"], PEOPLE_SCRIPT % values)

        # The clerk opens the policy, adds an interpretation of it and submits it for review.
        clerk = sign_in(browser, demo, "browser-clerk", password)
        pages.append(clerk)
        # Wagtail's autosave of a new page can post the form once more while the submission is on its
        # way, and so make a second page; what is tested here is the clerk's own submission.
        clerk.route("**/admin/pages/add/**", without_autosave)
        clerk.goto(f"{demo['base']}/admin/pages/{policy['id']}/edit/")
        clerk.locator("#w-slim-header-buttons [data-w-dropdown-target=toggle]").click()
        with clerk.expect_navigation():
            clerk.get_by_role("link", name="添加解读").click()
        assert "/admin/gk/policies/interpretations/add/" in clerk.url
        assert clerk.get_by_text(policy["title"]).count() >= 1, "the policy is not filled in"
        assert clerk.locator("#id_issuing_organ").input_value() != ""
        clerk.locator("#id_title").fill(title)
        clerk.locator("#id_summary").fill("用问答的形式解读政策的适用范围、申请条件和办理流程。")
        clerk.get_by_label("简明问答").check()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        clerk.screenshot(path=str(SCREENSHOTS / "interpretation-editor.png"))
        menu = action_menu(clerk)
        assert menu.locator(SUBMIT).inner_text().startswith("提交给先审后发")
        assert menu.locator("button[name=action-publish]").count() == 0, "a clerk may publish past the review"
        act(clerk, SUBMIT)
        assert error_messages(clerk) == []
        submitted = run_script(demo["environment"], INTERPRETATION_SCRIPT % values)
        assert not submitted["live"]
        assert submitted["policies"] == [policy["id"]] and submitted["issuing_organ"] is not None
        assert submitted["slug"].isascii(), submitted["slug"]

        # 保密审查: the reviewer may not edit pages, and is back on the dashboard after approving.
        reviewer = sign_in(browser, demo, "browser-reviewer", password)
        pages.append(reviewer)
        approve_from_dashboard(reviewer, title)
        assert reviewer.url == demo["base"] + "/admin/", reviewer.url
        assert error_messages(reviewer) == []
        assert not run_script(demo["environment"], INTERPRETATION_SCRIPT % values)["live"]

        # 审核发布: the approval publishes the page.
        approver = sign_in(browser, demo, "browser-approver", password)
        pages.append(approver)
        approve_from_dashboard(approver, title)
        assert error_messages(approver) == []
        published = run_script(demo["environment"], INTERPRETATION_SCRIPT % values)
        assert published["live"], "the interpretation is not live after both approvals"

        # A citizen finds it with the site's search, and on the policy's page.
        citizen = new_page(browser, DESKTOP)
        pages.append(citizen)
        citizen.goto(demo["base"] + demo["urls"]["home"])
        citizen.locator("header input[type=search]").first.fill(title)
        with citizen.expect_navigation():
            citizen.keyboard.press("Enter")
        assert "/search/" in citizen.url
        assert citizen.locator(f'main a[href="{published["url"]}"]').count() >= 1, "the search does not find it"
        citizen.goto(demo["base"] + policy["url"])
        link = citizen.locator(f'main a[href="{published["url"]}"]')
        assert link.count() >= 1 and title in link.first.inner_text()
    finally:
        for page in pages:
            page.context.close()
        run_script(demo["environment"], CLEANUP_SCRIPT % values)
