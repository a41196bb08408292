"""Everything gk_wagtail adds to the Wagtail admin, registered in one place.

The screens themselves live in :mod:`gk_wagtail.admin`, one module per feature; their URLs in
:mod:`gk_wagtail.admin_urls`.
"""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from gk_wagtail import admin_urls, files
from gk_wagtail.admin import base, catalogs, language, opinion_responses, pages, policies, villages
from gk_wagtail.admin import files as files_admin
from gk_wagtail.admin.registers import RegistersGroup

# Before anything asks Wagtail for the model's policy, which would otherwise be a fallback.
register_permission_policy(files.DocumentPublication, files_admin.permission_policy)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("gk/", include(admin_urls))]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        RegistersGroup(),
        policies.PolicyListingViewSet("gk_policies"),
        policies.InterpretationListingViewSet("gk_interpretations"),
        files_admin.DocumentPublicationViewSet("gk_document_publications"),
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    catalogs.register_log_actions(actions)


@hooks.register("register_admin_menu_item")
def register_catalog_import_menu_item():
    return catalogs.import_menu_item()


@hooks.register("register_reports_menu_item")
def register_policies_without_interpretation_menu_item():
    return policies.without_interpretation_menu_item()


@hooks.register("register_reports_menu_item")
def register_late_interpretations_menu_item():
    return policies.late_interpretations_menu_item()


@hooks.register("register_reports_menu_item")
def register_coverage_menu_item():
    return catalogs.coverage_menu_item()


@hooks.register("register_reports_menu_item")
def register_response_ledger_menu_item():
    return opinion_responses.ledger_menu_item()


@hooks.register("register_reports_menu_item")
def register_commitment_ledger_menu_item():
    return opinion_responses.commitments_menu_item()


@hooks.register("register_reports_menu_item")
def register_village_overdue_menu_item():
    return villages.report_menu_item()


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.append(policies.DisclosureStatusPanel(request))
    villages.add_overdue_panel(request, panels)


@hooks.register("construct_page_chooser_queryset")
def narrow_page_chooser(pages_in_chooser, request):
    return pages.narrow_chooser(pages_in_chooser, request)


# After Wagtail's own page bulk actions (order 0), so that these take their places.
for bulk_action in pages.BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=1)


@hooks.register("construct_page_action_menu")
def remove_direct_publishing(menu_items, request, context):
    pages.remove_direct_publishing(menu_items, request, context)


@hooks.register("before_publish_page")
def refuse_direct_publishing(request, page):
    return pages.refuse_direct_publishing(request, page)


@hooks.register("after_edit_page")
def leave_the_page_after_a_review_action(request, page):
    return pages.leave_the_page_after_a_review_action(request, page)


@hooks.register("before_create_page")
def refuse_autosave_creation(request, parent_page, page_class):
    return pages.refuse_autosave_creation(request, parent_page, page_class)


@hooks.register("before_copy_page")
def refuse_live_copies(request, page):
    return pages.refuse_live_copies(request, page)


# Before Wagtail's collection privacy check (order 0), so that a document no public page links is
# a 404 even in a private collection, rather than a password form saying that it exists.
@hooks.register("before_serve_document", order=-1)
def refuse_unpublished_document(document, request):
    return files.refuse_unpublished_document(document, request)


@hooks.register("insert_global_admin_css")
def insert_admin_stylesheet():
    return base.admin_stylesheet()


@hooks.register("register_page_header_buttons")
def add_interpretation_header_button(page, user, view_name, next_url=None):
    return policies.add_interpretation_buttons(page, user, next_url, view_name)


@hooks.register("register_page_listing_more_buttons")
def add_interpretation_listing_button(page, user, next_url=None):
    return policies.add_interpretation_buttons(page, user, next_url)


@hooks.register("insert_global_admin_js")
def insert_javascript_messages():
    return language.javascript_messages_script()
