from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GkWagtailConfig(AppConfig):
    name = "gk_wagtail"
    label = "gk_wagtail"
    verbose_name = _("Government information disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
