from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GkWagtailConfig(AppConfig):
    name = "gk_wagtail"
    label = "gk_wagtail"
    verbose_name = _("Government information disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from gk_wagtail import checks  # noqa: F401  (registers the system checks)
        from gk_wagtail.admin.registers import use_theme_tree_in_admin_forms
        from gk_wagtail.applications import recompute_open_requests
        from gk_wagtail.deadlines import calendar_changed, watch_calendar
        from gk_wagtail.login_limits import clear_account, record_failure
        from gk_wagtail.site.fragments import connect_signals

        user_login_failed.connect(record_failure, dispatch_uid="gk_wagtail_record_login_failure")
        user_logged_in.connect(clear_account, dispatch_uid="gk_wagtail_clear_login_failures")
        # Whatever stores cases learns of every calendar change through deadlines.calendar_changed.
        watch_calendar()
        calendar_changed.connect(recompute_open_requests, dispatch_uid="gk_wagtail_recompute_open_requests")
        # Here rather than in wagtail_hooks: Wagtail's system checks build the page forms before the hooks load.
        use_theme_tree_in_admin_forms()
        connect_signals()
