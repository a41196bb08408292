"""Uploaded files follow the pages that show them.

A Wagtail document is served to the public (``/documents/<id>/<name>``, the documents API) only
while a page citizens may read links it, or when an editor has published it on its own
(``DocumentPublication``); an image is listed by the images API only while such a page shows it.
"The pages citizens may read" is ``pages_showing_content``: live, behind no password or login, and
not a withheld document's catalogue entry. Which pages link a file is Wagtail's reference index,
kept by every save and publish and by the importers.

Any other document answers 404, the answer for a document that does not exist, to everyone but the
site's staff, who preview drafts and review withheld documents in the admin.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model, get_document_model_string
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from gk_wagtail.page_types.documents import pages_showing_content


class DocumentPublication(models.Model):
    """A document an editor publishes on its own, with no page: a form to fill in, a guide.

    Every other document is public only while a page citizens may read links it; this is the
    deliberate exception, with the reason and who made it.
    """

    # A foreign key, not a one-to-one field, so that Wagtail's reference index records it and the
    # document's usage lists this entry; the constraint below keeps one entry per document.
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(
        _("reason"),
        max_length=255,
        help_text=_("What the file is and why it is public without a page, e.g. the form for requesting disclosure."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document published on its own")
        verbose_name_plural = _("documents published on their own")
        constraints = [models.UniqueConstraint(fields=["document"], name="gk_document_published_once")]

    def __str__(self):
        return str(self.document)


def _indexed_content_type(model):
    """The content type the reference index files ``model``'s rows under: that of its root table."""
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model, for_concrete_model=False)


def shown_on_public_pages(model):
    """An ``Exists`` for a queryset of ``model``: whether a page citizens may read refers to the row."""
    page_ids = pages_showing_content().annotate(pk_text=Cast("pk", output_field=CharField())).values("pk_text")
    return Exists(
        ReferenceIndex.objects.filter(
            base_content_type=_indexed_content_type(Page),
            object_id__in=page_ids,
            to_content_type=_indexed_content_type(model),
            to_object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
    )


def public_documents():
    """The documents anyone may download: linked from a page citizens may read, or published on their own."""
    document_model = get_document_model()
    published = DocumentPublication.objects.filter(document=OuterRef("pk"))
    return document_model.objects.filter(Exists(published) | shown_on_public_pages(document_model))


def public_images():
    """The images a page citizens may read shows."""
    image_model = get_image_model()
    return image_model.objects.filter(shown_on_public_pages(image_model))


def may_see_every_file(user):
    """Whether ``user`` is staff: anyone who may use the admin, where drafts are previewed and reviewed.

    The confidentiality reviewers of the review workflow have no document permission, and must
    still read a draft's attachments.
    """
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def refuse_unpublished_document(document, request):
    """Wagtail's ``before_serve_document`` hook: 404 for a document the public may not download."""
    if may_see_every_file(request.user):
        return None
    if not public_documents().filter(pk=document.pk).exists():
        raise Http404("not found")
    return None
