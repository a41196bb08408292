"""Body blocks of disclosed documents: rich text, 简明问答, 图解, video, attachments and tables."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from gk_wagtail.blocks.attachments import AttachmentListBlock


class QuestionAnswerBlock(blocks.StructBlock):
    """简明问答: a list of questions and their answers."""

    heading = blocks.CharBlock(label=_("heading"), required=False)
    items = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("question", blocks.CharBlock(label=_("question"), max_length=500)),
                ("answer", blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ol", "ul"])),
            ],
            label=_("question and answer"),
        ),
        label=_("questions"),
    )

    class Meta:
        icon = "help"
        label = _("questions and answers")
        template = "gk_wagtail/blocks/question_answer.html"


class FigureBlock(blocks.StructBlock):
    """图解: an image with a caption and a full text description for screen readers."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("A short description of the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)
    long_description = blocks.RichTextBlock(
        label=_("long description"),
        required=False,
        features=["bold", "ol", "ul", "link"],
        help_text=_("Everything the graphic says, as text: screen-reader users read this instead of the image."),
    )

    class Meta:
        icon = "image"
        label = _("illustrated explanation")
        template = "gk_wagtail/blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    """A video file with captions and a transcript, so it is accessible without sound or sight."""

    video = DocumentChooserBlock(label=_("video file"), help_text=_("An MP4 or WebM file."))
    poster = ImageChooserBlock(label=_("poster image"), required=False)
    title = blocks.CharBlock(label=_("title"))
    captions = DocumentChooserBlock(label=_("captions (WebVTT)"), required=False)
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        icon = "media"
        label = _("video")
        template = "gk_wagtail/blocks/video.html"


def document_body_blocks():
    """The blocks every disclosed document's body may use."""
    return [
        ("rich_text", blocks.RichTextBlock(label=_("text"))),
        ("questions", QuestionAnswerBlock()),
        ("figure", FigureBlock()),
        ("video", VideoBlock()),
        ("attachments", AttachmentListBlock()),
        ("table", TableBlock(label=_("table"), template="gk_wagtail/blocks/table.html")),
    ]
