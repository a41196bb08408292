"""A Wagtail API v2 router with the endpoints a disclosure site needs; sites mount it at /api/v2/.

The endpoints are Wagtail's own with every query parameter checked before a query runs, so that
a value the database cannot take (a date that is not one, a number past its integer range) is a
400 with a JSON ``{"message": …}`` like Wagtail's own refusals, not a server error.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import NoReverseMatch
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from rest_framework.authentication import SessionAuthentication
from taggit.managers import TaggableManager
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageHtmlUrlField, PageSerializer, TagsField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from gk_wagtail.blocks.prefetch import convert_stream_fields
from gk_wagtail.conf import gk_settings
from gk_wagtail.files import public_documents, public_images
from gk_wagtail.page_types.columns import MAX_ID
from gk_wagtail.page_types.documents import GovDocumentMixin
from gk_wagtail.page_types.policies import PolicyDocumentPage

#: Wagtail's tree filters: a page id, or "root" for the site's root page.
PAGE_ID_PARAMETERS = ("child_of", "ancestor_of", "descendant_of", "translation_of")
SEARCH_OPERATORS = ("and", "or")
BOOLEANS = ("true", "false", "1", "0")  # what Wagtail's parse_boolean reads
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DECIMAL = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,10})?")


def whole_number(name, value, minimum, maximum):
    """``value`` as an int, if it is written in ASCII digits (a leading minus allowed) within the bounds."""
    digits = value.removeprefix("-")
    if digits.isascii() and digits.isdecimal() and len(digits) <= len(str(MAX_ID)):
        number = int(value)
        if minimum <= number <= maximum:
            return number
    raise BadRequestError(
        gettext("%(parameter)s must be a whole number from %(minimum)s to %(maximum)s.")
        % {"parameter": name, "minimum": minimum, "maximum": maximum}
    )


def _concrete_field(model, name):
    """The model field a filter parameter names, by its name or its column's attribute name."""
    for field in model._meta.get_fields():
        if field.name == name or getattr(field, "attname", None) == name:
            return field
    return None


def check_filter_value(model, name, value):
    """Refuse a filter value the field's database column could not be compared with."""
    field = _concrete_field(model, name)
    if field is None or isinstance(field, TaggableManager):
        return
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    elif field.is_relation:
        # A reverse or many-to-many relation filters by the related object's primary key.
        field = field.related_model._meta.pk
    if isinstance(field, models.BooleanField):
        if value not in BOOLEANS:
            raise BadRequestError(gettext("%(parameter)s must be true or false.") % {"parameter": name})
    elif isinstance(field, (models.AutoField, models.BigAutoField, models.SmallAutoField)) or field.primary_key:
        whole_number(name, value, 1, MAX_ID)
    elif isinstance(field, models.IntegerField):
        whole_number(name, value, -MAX_ID, MAX_ID)
    elif isinstance(field, models.DateTimeField):
        try:
            valid = value.isascii() and (parse_datetime(value) or parse_date(value)) is not None
        except ValueError:
            valid = False
        if not valid:
            raise BadRequestError(
                gettext("%(parameter)s must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDThh:mm:ss).")
                % {"parameter": name}
            )
    elif isinstance(field, models.DateField):
        try:
            valid = DATE.fullmatch(value) is not None and datetime.date.fromisoformat(value) is not None
        except ValueError:
            valid = False
        if not valid:
            raise BadRequestError(gettext("%(parameter)s must be a date written as YYYY-MM-DD.") % {"parameter": name})
    elif isinstance(field, (models.DecimalField, models.FloatField)):
        if not DECIMAL.fullmatch(value):
            raise BadRequestError(gettext("%(parameter)s must be a number such as 1200.50.") % {"parameter": name})
    elif isinstance(field, models.Field):
        try:
            field.to_python(value)
        except (ValidationError, ValueError, TypeError):
            raise BadRequestError(gettext("%(parameter)s has an invalid value.") % {"parameter": name}) from None


class CheckedParametersMixin:
    """Checks paging, search and filter parameters before Wagtail's filters put them in a query."""

    # The API is public and read-only. DRF's default Basic authentication would let anyone test an
    # admin's password here, past the admin's two-factor login, so only the admin session is read.
    authentication_classes = [SessionAuthentication]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL text cannot hold a NUL byte, and no name, path or hostname has one: refuse it
        # before any parameter (site, html_path, a filter) reaches a query.
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequestError(
                    gettext("%(parameter)s has an invalid value.") % {"parameter": name.replace("\x00", "")}
                )

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        self.check_parameter_values(queryset.model)

    def check_parameter_values(self, model):
        query = self.request.GET
        if "offset" in query:
            whole_number("offset", query["offset"], 0, MAX_ID)
        if "limit" in query:
            whole_number("limit", query["limit"], 0, getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_ID)
        if "search_operator" in query and query["search_operator"].lower() not in SEARCH_OPERATORS:
            raise BadRequestError(
                gettext("%(parameter)s must be one of: %(choices)s.")
                % {"parameter": "search_operator", "choices": ", ".join(SEARCH_OPERATORS)}
            )
        for name in PAGE_ID_PARAMETERS:
            if name in query and query[name] != "root":
                whole_number(name, query[name], 1, MAX_ID)
        filters = set(self.get_available_fields(model, db_fields_only=True))
        for name, value in query.items():
            if name in filters:
                check_filter_value(model, name, value)

    def find_object(self, queryset, request):
        if "id" in request.GET:
            whole_number("id", request.GET["id"], 1, MAX_ID)
        return super().find_object(queryset, request)

    def detail_view(self, request, pk):
        # The URL takes any run of digits; an id past the range names nothing, whatever the database.
        if pk > MAX_ID:
            raise Http404("not found")
        # DRF's get_object() runs the filter backends, so the detail view reads the filters too.
        self.check_parameter_values(self.get_queryset().model)
        return super().detail_view(request, pk)


class SitePageHtmlUrlField(PageHtmlUrlField):
    """The page's absolute address on the requested site, when the page is under several sites' roots."""

    def to_representation(self, page):
        request = self.context.get("request")
        try:
            # Wagtail prefers the requested site only when handed Django's request, not DRF's wrapper.
            return page.get_full_url(request=getattr(request, "_request", request))
        except NoReverseMatch:
            return None


class GkPageSerializer(PageSerializer):
    html_url = SitePageHtmlUrlField(read_only=True)


class PageSizePagination(WagtailPagination):
    """Wagtail's offset and limit, with ``API_PAGE_SIZE`` items when no limit is asked for.

    Wagtail's own default is 20; the maximum stays ``WAGTAILAPI_LIMIT_MAX``, which also caps the default.
    """

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        default = gk_settings.API_PAGE_SIZE
        if limit_max:
            default = min(default, limit_max)
        # CheckedParametersMixin has refused an offset, or a limit past WAGTAILAPI_LIMIT_MAX, already.
        offset = int(request.GET.get("offset", 0))
        limit = int(request.GET.get("limit", default))
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset : offset + limit]


class GkPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint with absolute ``html_url``s on the requested site and ``API_PAGE_SIZE`` paging."""

    base_serializer_class = GkPageSerializer
    pagination_class = PageSizePagination

    def get_queryset(self):
        # Each page shows its locale and, for a disclosed document, its organization, theme and the
        # names of its keywords, stages and domains: fetched for the whole page of results at once.
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, GovDocumentMixin):
            queryset = queryset.select_related("issuing_organ", "theme__parent").prefetch_related(
                "keywords", "disclosure_stages", "domains"
            )
        return queryset

    def paginate_queryset(self, queryset):
        pages = list(super().paginate_queryset(queryset))
        if pages and issubclass(queryset.model, PolicyDocumentPage):
            PolicyDocumentPage.fetch_public_interpretations(pages)
        # The documents and images the bodies and attachments choose, for all the pages at once.
        convert_stream_fields(pages)
        return pages


class PrefetchedTagsField(TagsField):
    """Tag names from the tags fetched with the results: one query for a page of results, not one per item."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PrefetchedTagsMixin:
    """For a serializer whose viewset prefetches ``tags``."""

    def build_property_field(self, field_name, model_class):
        field_class, field_kwargs = super().build_property_field(field_name, model_class)
        if field_class is TagsField:
            field_class = PrefetchedTagsField
        return field_class, field_kwargs


class GkDocumentSerializer(PrefetchedTagsMixin, DocumentSerializer):
    pass


class GkImageSerializer(PrefetchedTagsMixin, ImageSerializer):
    pass


class GkDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    """Only the documents anyone may download (``gk_wagtail.files.public_documents``)."""

    base_serializer_class = GkDocumentSerializer

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_documents().values("pk")).prefetch_related("tags")


class GkImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    """Only the images a page citizens may read shows (``gk_wagtail.files.public_images``)."""

    base_serializer_class = GkImageSerializer

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_images().values("pk")).prefetch_related("tags")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", GkPagesAPIViewSet)
api_router.register_endpoint("images", GkImagesAPIViewSet)
api_router.register_endpoint("documents", GkDocumentsAPIViewSet)
