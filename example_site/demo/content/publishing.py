"""What the village and opinion response content share: a publisher that creates only what is missing."""

from wagtail.rich_text import RichText

from gk_wagtail.models import Organization


class Publisher:
    """Creates what is missing and remembers it, so the demo loader can say what a run added.

    Pages are found again by their slug under their parent and organizations by their name, so a
    second run on the same day creates nothing.
    """

    def __init__(self, today):
        self.today = today
        self.created = []

    def publish_child(self, parent, page):
        """Add ``page`` under ``parent`` unless a page with its slug is there already; publish it with a revision."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing is not None:
            return existing.specific
        page.live = False
        parent.add_child(instance=page)
        page.save_revision().publish()
        page = type(page).objects.get(pk=page.pk)
        self.created.append(page)
        return page

    def organization(self, name, organization_type, parent):
        organization, created = Organization.objects.get_or_create(
            name=name, defaults={"organization_type": organization_type, "parent": parent}
        )
        if created:
            self.created.append(organization)
        return organization

    def take_created(self):
        """What was created since the last call, oldest first."""
        created, self.created = self.created, []
        return created


def body(*paragraphs):
    """A StreamField value of one rich text block, a paragraph per item."""
    return [("rich_text", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))]
