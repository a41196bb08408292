"""Keywords (主题词) live in a table per disclosed page type: pages of other types never read them."""

import re

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from taggit.managers import TaggableManager
from wagtail.models import Page

from gk_wagtail.checks import check_document_keywords, keyword_errors
from gk_wagtail.models import (
    ColumnPage,
    OpinionResponseKeyword,
    OpinionResponsePage,
    PolicyDocumentKeyword,
    PolicyDocumentPage,
    PolicyInterpretationKeyword,
    PolicyInterpretationPage,
)
from gk_wagtail.page_types.documents import GovDocumentMixin, KeywordItemBase, keywords_field
from tests.factories import (
    make_column,
    make_county,
    make_interpretation,
    make_policy,
    make_response,
    make_site,
)
from tests.testapp.models import HomePage

KEYWORD_TABLES = {
    model._meta.db_table
    for model in apps.get_models()
    if issubclass(model, KeywordItemBase) or "keyword" in model._meta.db_table
}


def keyword_queries(action):
    """The SQL ``action`` runs that names a keyword table."""
    with CaptureQueriesContext(connection) as queries:
        action()
    return [
        query["sql"] for query in queries.captured_queries if set(re.findall(r'"(\w+)"', query["sql"])) & KEYWORD_TABLES
    ]


def save_and_publish(page):
    def action():
        page.save()
        page.save_revision().publish()

    return action


@pytest.fixture
def home(db):
    return make_site().root_page


def test_each_disclosed_page_type_has_its_own_keyword_table():
    assert {
        model: model._meta.get_field("keywords").remote_field.through
        for model in (PolicyDocumentPage, PolicyInterpretationPage, OpinionResponsePage)
    } == {
        PolicyDocumentPage: PolicyDocumentKeyword,
        PolicyInterpretationPage: PolicyInterpretationKeyword,
        OpinionResponsePage: OpinionResponseKeyword,
    }
    tables = {
        "gk_wagtail_policydocumentkeyword",
        "gk_wagtail_policyinterpretationkeyword",
        "gk_wagtail_opinionresponsekeyword",
    }
    assert tables == KEYWORD_TABLES


@pytest.mark.parametrize("model", [Page, HomePage, ColumnPage])
def test_a_page_type_without_keywords_has_no_keyword_relation(model):
    # modelcluster reads every child relation of a page when it saves the page or a revision of it.
    assert not {relation.related_model for relation in get_all_child_relations(model)} & {
        PolicyDocumentKeyword,
        PolicyInterpretationKeyword,
        OpinionResponseKeyword,
    }


def test_pages_without_keywords_save_publish_and_delete_without_reading_keywords(home):
    column = make_column(home, "政策文件", "zcwj")
    bare = Page.get_first_root_node().add_child(instance=Page(title="空白页", slug="blank"))
    policy = make_policy(column, make_county())
    policy.keywords.add("政务公开")
    # The same measure sees the keyword queries of a page that has keywords.
    assert keyword_queries(save_and_publish(policy))

    for page in (Page.objects.get(pk=bare.pk), HomePage.objects.get(pk=home.pk), ColumnPage.objects.get(pk=column.pk)):
        assert keyword_queries(save_and_publish(page)) == [], type(page)
    assert keyword_queries(Page.objects.get(pk=bare.pk).delete) == []


def test_keywords_are_stored_with_their_page_type(home):
    organization = make_county()
    policy = make_policy(make_column(home, "政策文件", "zcwj"), organization)
    interpretation = make_interpretation(make_column(home, "政策解读", "zcjd"), organization, [policy])
    response = make_response(make_column(home, "回应关切", "hygq"), organization)
    for page, words in ((policy, ["政务公开", "标准化"]), (interpretation, ["图解"]), (response, ["停水"])):
        page.keywords.add(*words)
        page.save_revision().publish()

    assert sorted(PolicyDocumentKeyword.objects.values_list("content_object", "tag__name")) == [
        (policy.pk, "政务公开"),
        (policy.pk, "标准化"),
    ]
    assert list(PolicyInterpretationKeyword.objects.values_list("content_object", "tag__name")) == [
        (interpretation.pk, "图解")
    ]
    assert list(OpinionResponseKeyword.objects.values_list("content_object", "tag__name")) == [(response.pk, "停水")]
    # Pages read from the database, and their revisions, give the keywords back.
    assert sorted(PolicyDocumentPage.objects.get(pk=policy.pk).keyword_names) == ["政务公开", "标准化"]
    assert interpretation.get_latest_revision_as_object().keyword_names == ["图解"]


def test_the_page_types_shipped_pass_the_keyword_check():
    assert check_document_keywords(None) == []


def in_testapp():
    return type("Meta", (), {"app_label": "testapp"})


@isolate_apps("tests.testapp")
def test_a_disclosed_page_type_declaring_keywords_wrongly_is_reported():
    class OwnKeyword(KeywordItemBase):
        content_object = ParentalKey("testapp.GoodNotice", on_delete=models.CASCADE, related_name="gk_keyword_items")
        Meta = in_testapp()

    class GoodNotice(GovDocumentMixin, ClusterableModel):
        keywords = keywords_field(OwnKeyword)
        Meta = in_testapp()

    class Missing(GovDocumentMixin, ClusterableModel):
        Meta = in_testapp()

    class PlainTags(GovDocumentMixin, ClusterableModel):
        keywords = TaggableManager(blank=True)
        Meta = in_testapp()

    # As wagtailcore.Page is to a page type: the general model it extends.
    class AnyItem(ClusterableModel):
        Meta = in_testapp()

    class AnyItemKeyword(KeywordItemBase):
        content_object = ParentalKey(AnyItem, on_delete=models.CASCADE, related_name="+")
        Meta = in_testapp()

    class SitewideNotice(GovDocumentMixin, AnyItem):
        keywords = ClusterTaggableManager(through=AnyItemKeyword, blank=True)
        Meta = in_testapp()

    class Borrowing(GovDocumentMixin, ClusterableModel):
        keywords = keywords_field(OwnKeyword)
        Meta = in_testapp()

    class ExtendedNotice(GoodNotice):
        Meta = in_testapp()

    errors = keyword_errors([GoodNotice, ExtendedNotice, Missing, PlainTags, SitewideNotice, Borrowing])
    assert [(error.id, error.obj) for error in errors] == [
        ("gk_wagtail.E090", Missing),
        ("gk_wagtail.E090", PlainTags),
        ("gk_wagtail.E090", SitewideNotice),
        ("gk_wagtail.E090", Borrowing),
    ]
    messages = [error.msg for error in errors]
    assert "has no keywords field" in messages[0]
    assert "without modelcluster's ClusterTaggableManager" in messages[1]
    assert "keyed on testapp.AnyItem: every testapp.AnyItem in the site" in messages[2]
    assert "keyed on testapp.goodnotice: its pages' keywords cannot be stored there" in messages[3]
