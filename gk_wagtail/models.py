"""Imports the model modules so Django finds them."""

from .index_numbers import IndexNumberCounter, IssuedIndexNumber
from .page_types.columns import ColumnPage
from .page_types.document import DocumentKeyword
from .page_types.policy import PolicyDocumentPage, PolicyInterpretationLink, PolicyInterpretationPage
from .registers import DisclosureStage, Domain, InterpretationForm, Organization, Theme
from .site_settings import GovSiteSettings
from .workdays import WorkingDayOverride

__all__ = [
    "ColumnPage",
    "DisclosureStage",
    "DocumentKeyword",
    "Domain",
    "GovSiteSettings",
    "IndexNumberCounter",
    "InterpretationForm",
    "IssuedIndexNumber",
    "Organization",
    "PolicyDocumentPage",
    "PolicyInterpretationLink",
    "PolicyInterpretationPage",
    "Theme",
    "WorkingDayOverride",
]
