from wagtail.models import Page


class HomePage(Page):
    """A site home page, as an integrator's own home page type would be."""

    subpage_types = ["gk_wagtail.ColumnPage"]
