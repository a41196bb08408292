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

# issue 6 models
from .page_types.opinion import OpinionCommitment, OpinionResponseLink, OpinionResponsePage  # noqa: E402
from .page_types.village import (  # noqa: E402
    VillageAffairsCategory,
    VillageAffairsFinanceRow,
    VillageAffairsIndexPage,
    VillageAffairsPage,
)

__all__ += [
    "OpinionCommitment",
    "OpinionResponseLink",
    "OpinionResponsePage",
    "VillageAffairsCategory",
    "VillageAffairsFinanceRow",
    "VillageAffairsIndexPage",
    "VillageAffairsPage",
]

# issue 3 models: standard catalogs (标准目录) and their channel register
from .page_types.catalog import CatalogDomain, CatalogItem, DisclosureChannel, StandardCatalogPage  # noqa: E402

__all__ += ["CatalogDomain", "CatalogItem", "DisclosureChannel", "StandardCatalogPage"]
