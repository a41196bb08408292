"""Edit-form panels that tell the editor what is late or missing."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from gk_wagtail.conf import gk_settings


class InterpretationLagPanel(Panel):
    """Shows how many working days an interpretation came after its policy, flagging it when late."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "gk_wagtail/policies/interpretation_lag_panel.html"

        def is_shown(self):
            return self.instance.pk is not None and self.instance.lag_working_days is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                lag=self.instance.lag_working_days,
                limit=gk_settings.INTERPRETATION_LAG_DAYS,
                is_late=self.instance.is_late,
            )
            return context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Publication lag"))
        super().__init__(*args, **kwargs)
