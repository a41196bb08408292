"""The segmented database backend: Chinese sub-words, 文号 and agencies through every entry point.

Runs on SQLite by default and on PostgreSQL with GK_TEST_DATABASE=postgres.
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Phrase, PlainText

from gk_wagtail.checks import check_search_segmentation
from gk_wagtail.models import Organization, PolicyDocumentPage
from gk_wagtail.search import query as search_query
from gk_wagtail.search.query import QueryCompiler, TokenCounts

HOSTILE_QUERIES = [
    '"',
    "'",
    '"政府',
    "公开'",
    "公开 OR 1=1; DROP TABLE wagtailcore_page; --",
    "NEAR(公开 条例) AND NOT title:*",
    "{title body} : 公开",
    "公开 -条例 +解读 ^2 ~ * ( ) [ ] \\",
    "%_%",
    "😀",
    "政府😀公开",
    "\x00\u200b\ufeff",
    "公开" * 2000,
    "a" * 5000,
    " ".join(["公开"] * 300),
    "1" * 3000,
]


def titles(results):
    return [page.title for page in results]


@pytest.mark.parametrize("query", ["公开", "信息公开", "政府信息公开规定", "府信", "规定"])
def test_a_chinese_word_inside_a_longer_title_is_found(documents, query):
    assert documents["regulation"].title in titles(Page.objects.search(query))


def test_words_no_document_has_find_nothing(documents):
    assert list(Page.objects.search("征地补偿")) == []
    assert list(Page.objects.search("公开条例", operator="and")) == []


def test_specific_queryset_search_stays_within_its_type_and_filters(documents):
    results = PolicyDocumentPage.objects.live().search("公开")
    assert titles(results) == [documents["regulation"].title]


@pytest.mark.parametrize(
    "variant",
    [
        "沪房规范〔2024〕7号",
        "沪房规范[2024]7号",
        "沪房规范(2024)7号",
        "沪房规范（2024）7号",
        "沪房规范【2024】7号",
        "沪房规范〔２０２４〕７号",
        "沪房规范 〔2024〕 7 号",
        "沪房规范2024 7号",
        "沪房规范2024年7号",
        "沪房规范〔2024〕7",
    ],
)
def test_every_way_of_typing_a_document_number_puts_the_document_first(documents, variant):
    results = list(Page.objects.live().search(variant))
    assert results[0].pk == documents["valuation"].pk
    # The document that only cites the number is still found, after it.
    assert documents["citing"].pk in [page.pk for page in results]


def test_agency_abbreviation_ranks_that_agencys_documents_first(documents):
    results = titles(Page.objects.live().search("市房管局 征收评估"))
    assert results[0] == documents["valuation"].title


def test_synonym_finds_the_official_term(documents):
    assert titles(Page.objects.live().search("共享单车")) == [documents["bikes"].title]


def test_a_renamed_agency_is_expanded_at_once(documents):
    search_query.agency_names()  # cache it
    agency = Organization.objects.get(name="上海市房屋管理局")
    agency.short_name = "房屋局"
    agency.save()
    assert titles(Page.objects.live().search("房屋局"))[0] == documents["valuation"].title


def test_and_operator_requires_every_term(documents):
    assert titles(Page.objects.live().search("信息公开 评估", operator="and")) == []
    both = titles(Page.objects.live().search("征收 评估", operator="and"))
    assert sorted(both) == sorted([documents["valuation"].title, documents["citing"].title])


def test_or_operator_ranks_documents_with_every_term_first(documents):
    results = titles(Page.objects.live().search("信息公开 规定"))
    assert results[0] == documents["regulation"].title
    assert documents["valuation"].title in results


def test_query_objects_phrase_and_not(documents):
    assert titles(Page.objects.live().search(Phrase("信息公开规定"))) == [documents["regulation"].title]
    assert titles(Page.objects.live().search(Phrase("公开 规定"))) == []
    found = titles(Page.objects.live().search(And([PlainText("规定"), Not(PlainText("信息"))])))
    assert found == [documents["valuation"].title]
    everything_else = titles(PolicyDocumentPage.objects.live().search(Not(PlainText("规定")), order_by_relevance=False))
    assert sorted(everything_else) == sorted([documents["citing"].title, documents["bikes"].title])


def test_autocomplete_finds_the_beginning_of_a_word(documents):
    assert titles(Page.objects.live().autocomplete("互联网租")) == [documents["bikes"].title]


def test_results_slice_count_score_and_order_by_date(documents):
    results = PolicyDocumentPage.objects.live().search("上海市").annotate_score("score")
    # Every document: the organization names are indexed with them.
    assert results.count() == 4
    assert len(results[1:3]) == 2
    assert results[1:].count() == 3
    assert all(page.score > 0 for page in results)
    by_date = PolicyDocumentPage.objects.live().order_by("-date_published").search("上海市", order_by_relevance=False)
    assert [page.date_published for page in by_date] == sorted((page.date_published for page in by_date), reverse=True)


def test_facets_count_matching_pages(documents):
    facets = Page.objects.search("上海市").facet("content_type_id")
    assert list(facets.values()) == [5]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_error(documents, query):
    for search in (Page.objects.search, Page.objects.autocomplete):
        results = search(query)
        assert results.count() == len(list(results))
    assert list(Page.objects.search(Phrase(query))) is not None


def test_api_search_finds_sub_words(client, documents):
    response = client.get("/api/v2/pages/", {"search": "信息公开"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [documents["regulation"].pk]


@pytest.mark.parametrize("query", ['"', "公开 OR 1=1; --", "😀", "公开" * 500])
def test_api_search_survives_hostile_queries(client, documents, query):
    assert client.get("/api/v2/pages/", {"search": query}).status_code == 200


def test_admin_page_search_finds_sub_words(client, documents):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    response = client.get("/admin/pages/search/", {"q": "信息公开"})
    assert response.status_code == 200
    assert documents["regulation"].title in response.content.decode()
    assert documents["draft"].title in response.content.decode()
    assert documents["bikes"].title not in response.content.decode()
    assert client.get("/admin/pages/search/", {"q": '"公开'}).status_code == 200


def test_search_backend_is_the_segmented_one():
    assert get_search_backend().__class__.__module__.startswith("gk_wagtail.search")


def test_system_check_passes_with_the_segmenting_backend():
    assert check_search_segmentation(None) == []


def test_system_check_reports_a_bad_segmenter_and_a_backend_that_cannot_segment(settings):
    settings.GK_WAGTAIL_SEGMENTER = "pkuseg"
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    assert [message.id for message in check_search_segmentation(None)] == ["gk_wagtail.E010", "gk_wagtail.W010"]


def test_system_check_reports_a_segmenter_that_is_not_installed_under_its_own_id(settings, monkeypatch):
    import importlib

    real_import = importlib.import_module

    def without_jieba(name, *args):
        if name == "jieba":
            raise ImportError(name)
        return real_import(name, *args)

    settings.GK_WAGTAIL_SEGMENTER = "jieba"
    monkeypatch.setattr(importlib, "import_module", without_jieba)
    messages = check_search_segmentation(None)
    assert [message.id for message in messages] == ["gk_wagtail.E011"]
    assert "pip install jieba" in messages[0].hint


def test_system_check_warns_under_its_own_id_where_the_database_cannot_segment(monkeypatch):
    monkeypatch.setattr("gk_wagtail.search.database.segments_chinese", lambda: False)
    assert [message.id for message in check_search_segmentation(None)] == ["gk_wagtail.W011"]


def test_on_a_large_index_common_words_are_left_out_and_common_terms_only_rank(db):
    def token_counts(tokens):
        return TokenCounts(100_000, {"闵行": 20_000, "管理": 30_000, "办法": 30_000, "桥下": 40})

    compiled = QueryCompiler(token_counts=token_counts).compile("闵行 桥下空间 管理办法")
    matched = {phrase.tokens for phrase in compiled.phrases()} - {phrase.tokens for phrase in compiled.extra}
    assert ("桥下", "下空", "空间") in matched and ("桥下",) in matched
    assert ("管理",) not in matched and ("办法",) not in matched
    assert ("闵行",) not in matched and ("闵行",) in {phrase.tokens for phrase in compiled.extra}


def test_a_small_index_keeps_every_word(db):
    def token_counts(tokens):
        return TokenCounts(500, dict.fromkeys(tokens, 400))

    compiled = QueryCompiler(token_counts=token_counts).compile("闵行 管理办法")
    assert {("闵行",), ("管理",), ("办法",)} <= {phrase.tokens for phrase in compiled.phrases()}
    assert compiled.extra == ()
