"""Imports the model modules so Django finds them; ``from gk_wagtail.models import …`` works for each."""

from gk_wagtail.applications import (
    ApplicationOutcome,
    InformationRequest,
    Notice,
    NoticeCounter,
    RequestEvent,
    RequestFollowUp,
    SubmissionAttempt,
)
from gk_wagtail.files import DocumentPublication
from gk_wagtail.index_numbers import IndexNumberCounter, IssuedIndexNumber
from gk_wagtail.login_limits import LoginFailure
from gk_wagtail.page_types.catalogs import CatalogDomain, CatalogItem, DisclosureChannel, StandardCatalogPage
from gk_wagtail.page_types.columns import ColumnPage
from gk_wagtail.page_types.opinion_responses import (
    OpinionCommitment,
    OpinionResponseKeyword,
    OpinionResponseLink,
    OpinionResponsePage,
)
from gk_wagtail.page_types.policies import (
    PolicyDocumentKeyword,
    PolicyDocumentPage,
    PolicyInterpretationKeyword,
    PolicyInterpretationLink,
    PolicyInterpretationPage,
)
from gk_wagtail.page_types.villages import (
    VillageAffairsCategory,
    VillageAffairsFinanceRow,
    VillageAffairsIndexPage,
    VillageAffairsPage,
)
from gk_wagtail.registers import DisclosureStage, Domain, InterpretationForm, Organization, Theme
from gk_wagtail.search.pending import PendingIndexWrite
from gk_wagtail.setup.workflows import ConfidentialityReviewTask
from gk_wagtail.site_settings import GovSiteSettings
from gk_wagtail.workdays import WorkingDayOverride

__all__ = [
    "SubmissionAttempt",
    "RequestFollowUp",
    "RequestEvent",
    "NoticeCounter",
    "Notice",
    "InformationRequest",
    "ApplicationOutcome",
    "CatalogDomain",
    "CatalogItem",
    "ColumnPage",
    "ConfidentialityReviewTask",
    "DisclosureChannel",
    "DisclosureStage",
    "DocumentPublication",
    "Domain",
    "GovSiteSettings",
    "IndexNumberCounter",
    "InterpretationForm",
    "IssuedIndexNumber",
    "LoginFailure",
    "OpinionCommitment",
    "OpinionResponseKeyword",
    "OpinionResponseLink",
    "OpinionResponsePage",
    "Organization",
    "PendingIndexWrite",
    "PolicyDocumentKeyword",
    "PolicyDocumentPage",
    "PolicyInterpretationKeyword",
    "PolicyInterpretationLink",
    "PolicyInterpretationPage",
    "StandardCatalogPage",
    "Theme",
    "VillageAffairsCategory",
    "VillageAffairsFinanceRow",
    "VillageAffairsIndexPage",
    "VillageAffairsPage",
    "WorkingDayOverride",
]
