"""Which policies still lack an interpretation, and which interpretations came too late."""

from django.db.models import Exists, OuterRef, Prefetch

from gk_wagtail.page_types.policies import PolicyDocumentPage, PolicyInterpretationLink, PolicyInterpretationPage


def policies_without_interpretation(pages=None):
    """Live 规章 and 规范性文件 with no live interpretation, oldest first."""
    pages = PolicyDocumentPage.objects.all() if pages is None else pages
    interpreted = PolicyInterpretationLink.objects.filter(policy=OuterRef("pk"), page__live=True)
    return (
        pages.live()
        .filter(document_kind__in=PolicyDocumentPage.KINDS_REQUIRING_INTERPRETATION)
        .filter(~Exists(interpreted))
        .select_related("issuing_organ")
        .order_by("date_published", "pk")
    )


def interpretations_with_policies(pages=None):
    """Interpretations with their policies prefetched, so lag needs no query per page."""
    pages = PolicyInterpretationPage.objects.all() if pages is None else pages
    return pages.select_related("issuing_organ").prefetch_related(
        Prefetch("policy_links", queryset=PolicyInterpretationLink.objects.select_related("policy"))
    )


def late_interpretations(pages=None):
    """Live interpretations published later than GK_WAGTAIL_INTERPRETATION_LAG_DAYS after their policy."""
    return [page for page in interpretations_with_policies(pages).live().order_by("-date_published") if page.is_late]
