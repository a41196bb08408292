"""Attachments: files published with a document (附件)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.api.utils import get_full_url
from wagtail.documents.blocks import DocumentChooserBlock


class AttachmentBlock(blocks.StructBlock):
    """One attached file with the title citizens see (defaults to the file's own title)."""

    document = DocumentChooserBlock(label=_("file"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("attachment")
        template = "gk_wagtail/blocks/attachment.html"

    def get_api_representation(self, value, context=None):
        # The document's id and the title as stored, as before; with the absolute address to download
        # it from (WAGTAILAPI_BASE_URL, else the requested site's root URL) and its file name.
        representation = super().get_api_representation(value, context)
        document = value.get("document")
        request = (context or {}).get("request")
        representation["download_url"] = get_full_url(request, document.url) if document else None
        representation["filename"] = document.filename if document else ""
        return representation


class AttachmentListBlock(blocks.StructBlock):
    """A headed list of attachments inside the body."""

    heading = blocks.CharBlock(label=_("heading"), required=False, default=_("Attachments"))
    items = blocks.ListBlock(AttachmentBlock(), label=_("files"))

    class Meta:
        icon = "list-ul"
        label = _("attachment list")
        template = "gk_wagtail/blocks/attachment_list.html"
