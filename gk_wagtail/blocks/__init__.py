from .attachments import AttachmentBlock, AttachmentListBlock
from .content import FigureBlock, QuestionAnswerBlock, VideoBlock, document_body_blocks

__all__ = [
    "AttachmentBlock",
    "AttachmentListBlock",
    "FigureBlock",
    "QuestionAnswerBlock",
    "VideoBlock",
    "document_body_blocks",
]
