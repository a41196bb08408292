from gk_wagtail.blocks.attachments import AttachmentBlock, AttachmentListBlock
from gk_wagtail.blocks.content import FigureBlock, QuestionAnswerBlock, VideoBlock, document_body_blocks

__all__ = [
    "AttachmentBlock",
    "AttachmentListBlock",
    "FigureBlock",
    "QuestionAnswerBlock",
    "VideoBlock",
    "document_body_blocks",
]
