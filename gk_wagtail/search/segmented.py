"""What the SQLite and PostgreSQL backends share: segmented index rows and segmented queries.

:class:`SegmentingIndexMixin` rewrites every field value through
``segmentation.index_text`` before Wagtail's index stores it;
:class:`SegmentedQueryCompilerMixin` compiles a query from the same segmentation, and
:class:`SegmentedSearchResults` ranks in one SQL statement over the index table. Each database
module (:mod:`.sqlite`, :mod:`.postgres`) adds only its own SQL.
"""

import copy
from collections import OrderedDict
from contextvars import ContextVar
from functools import partial

from django.db import connections
from django.db.models import Count, Manager
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from gk_wagtail.search.query import QueryCompiler
from gk_wagtail.search.segmentation import index_text


def _plain(value):
    """A field value as the text Wagtail's indexers make of it (lists and dicts joined)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_plain(item) for item in value.values())
    return force_str(value)


class _Fetched(Manager):
    """The related objects of a RelatedFields entry, fetched once for the three index columns."""

    def __init__(self, objects):
        super().__init__()
        self._objects = objects

    def all(self):
        return self._objects


def _fetched(value):
    return _Fetched(list(value.all())) if isinstance(value, Manager) else value


# Values already read in the current add_items() call, by (field, object) identity: Wagtail's
# indexers read every field once per index column (title, body, autocomplete).
_batch_values = ContextVar("gk_search_batch_values")


def _once(field, obj, compute):
    values = _batch_values.get()
    key = (id(field), id(obj))
    if key not in values:
        values[key] = (obj, compute())  # the object is kept so that its id is not reused
    return values[key][1]


class SegmentedObject:
    """Stands in for a model instance while it is indexed: its search fields give segmented text."""

    def __init__(self, obj, fields):
        self.obj = obj
        self.pk = obj.pk
        self._fields = fields

    def get_search_fields(self):
        return self._fields


def segmented_fields(fields, field_boost):
    """Copies of search fields whose values are segmented text (and related objects fetched once)."""
    segmented = []
    for field in fields:
        if isinstance(field, (SearchField, AutocompleteField)):
            copied = copy.copy(field)
            copied.get_value = partial(_segmented_value, field)
            if isinstance(field, SearchField):
                copied.boost = field_boost(field)
        elif isinstance(field, RelatedFields):
            copied = copy.copy(field)
            copied.get_value = partial(_related_value, field)
            copied.fields = segmented_fields(field.fields, field_boost)
        else:
            copied = field
        segmented.append(copied)
    return segmented


def _segmented_value(field, obj):
    obj = _unwrap(obj)
    return _once(field, obj, lambda: index_text(_plain(field.get_value(obj))))


def _related_value(field, obj):
    obj = _unwrap(obj)
    return _once(field, obj, lambda: _fetched(field.get_value(obj)))


def _unwrap(obj):
    return obj.obj if isinstance(obj, SegmentedObject) else obj


class SegmentingIndexMixin:
    """Index writes store segmented text."""

    def field_boost(self, field):
        return field.boost

    def add_items(self, model, objs):
        fields_by_class = {}
        wrapped = []
        for obj in objs:
            if obj.__class__ not in fields_by_class:
                fields_by_class[obj.__class__] = segmented_fields(obj.get_search_fields(), self.field_boost)
            wrapped.append(SegmentedObject(obj, fields_by_class[obj.__class__]))
        token = _batch_values.set({})
        try:
            super().add_items(model, wrapped)
        finally:
            _batch_values.reset(token)


class SegmentedQueryCompilerMixin:
    """Compiles the query once; the vendor subclass turns it into SQL."""

    DEFAULT_OPERATOR = "or"

    def compiled(self):
        """The CompiledQuery, None when nothing is searchable, MatchAll for everything."""
        if not hasattr(self, "_compiled"):
            query, self.negated = self.query, False
            if isinstance(query, Not) and not isinstance(query.subquery, MatchAll):
                query, self.negated = query.subquery, True
            if isinstance(query, MatchAll) or (isinstance(query, Not) and isinstance(query.subquery, MatchAll)):
                self._compiled = query
            else:
                compiler = QueryCompiler(
                    autocomplete=self.LAST_TERM_IS_PREFIX,
                    default_operator=self.DEFAULT_OPERATOR,
                    token_counts=self.token_counts,
                )
                self._compiled = compiler.compile(query)
        return self._compiled

    def index_columns(self):
        """The index columns searched: the autocomplete column, or title and body."""
        if self.LAST_TERM_IS_PREFIX:
            return ["autocomplete"]
        if not self.fields:
            return ["title", "body"]
        return sorted({"title" if name == "title" else "body" for name in self.fields})

    def content_type_ids(self):
        return get_descendants_content_types_pks(self.queryset.model)

    def object_filter(self):
        """SQL keeping the index entries (alias ``e``) of the queryset's objects, or None when it has no filter.

        A correlated EXISTS: the database looks each matching entry's object
        up by primary key, instead of listing every object the queryset holds.
        """
        if not self.queryset.query.has_filters():
            return None
        pk = self.queryset.model._meta.pk
        entry_object = RawSQL(
            f"CAST(e.object_id AS {pk.cast_db_type(connections[self.queryset.db])})", [], output_field=pk
        )
        objects = self.queryset.order_by().filter(pk=entry_object).values("pk")
        sql, params = objects.query.get_compiler(using=self.queryset.db).as_sql()
        return f"EXISTS ({sql})", params

    def matching_ids(self):
        """An expression for the ids of the objects whose index entries match, for ``pk__in``."""
        sql, params = self.match_sql(ranked=False, restricted=False)
        pk = self.queryset.model._meta.pk
        pk_type = pk.cast_db_type(connections[self.queryset.db])
        return RawSQL(f"SELECT CAST(matches.object_id AS {pk_type}) FROM ({sql}) matches", params, output_field=pk)

    def execute(self, sql, params):
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class SegmentedSearchResults(BaseSearchResults):
    """Results of the segmented backends: ranked in SQL, then fetched through the queryset."""

    supports_facet = True

    def matching_queryset(self):
        """The searched queryset narrowed to the matches, unranked: for counts and facets."""
        compiler = self.query_compiler
        compiled = compiler.compiled()
        queryset = compiler.queryset
        if isinstance(compiled, MatchAll):
            return queryset
        if compiled is None or isinstance(compiled, Not):
            return queryset.none()
        ids = compiler.matching_ids()
        return queryset.exclude(pk__in=ids) if compiler.negated else queryset.filter(pk__in=ids)

    def _ranked(self):
        compiler = self.query_compiler
        compiled = compiler.compiled()
        return (
            compiler.order_by_relevance
            and compiled is not None
            and not isinstance(compiled, (MatchAll, Not))
            and not compiler.negated
        )

    def _do_search(self):
        compiler = self.query_compiler
        if compiler.compiled() is None:
            return []
        if not self._ranked():
            queryset = self.matching_queryset()
            if not queryset.query.order_by:
                # A stable order keeps results consistent across pages (wagtail/wagtail#3729).
                queryset = queryset.order_by("-pk")
            results = list(queryset[self.start : self.stop])
            if self._score_field:
                for obj in results:
                    setattr(obj, self._score_field, None)
            return results
        rows = compiler.ranked(self.start, self.stop)
        by_id = {
            force_str(obj.pk): obj for obj in compiler.queryset.filter(pk__in=[object_id for object_id, _score in rows])
        }
        results = []
        for object_id, score in rows:
            obj = by_id.get(object_id)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results

    def _do_count(self):
        if self.query_compiler.compiled() is None:
            return 0
        count = self.query_compiler.count() if self._ranked() else self.matching_queryset().count()
        count -= self.start
        if self.stop is not None:
            count = min(count, self.stop - self.start)
        return max(count, 0)

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add index.FilterField("{field_name}") '
                f"to {self.query_compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        if self.query_compiler.compiled() is None:
            return OrderedDict()
        rows = self.matching_queryset().order_by().values(field_name).annotate(count=Count("pk")).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)
