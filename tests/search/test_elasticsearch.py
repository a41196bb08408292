"""The Elasticsearch backend: generated settings, mappings and query bodies, and the database fallback.

No cluster runs here: the backend points at a closed port, which is also how the fallback is tested.
"""

import logging

import pytest
from wagtail.models import Page

from gk_wagtail.models import PolicyDocumentPage
from gk_wagtail.search import elasticsearch
from gk_wagtail.search.elasticsearch import ChineseMapping, SearchBackend

CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def reachable_again():
    elasticsearch._unreachable_until.clear()
    yield
    elasticsearch._unreachable_until.clear()


def backend(**params):
    return SearchBackend({"URLS": [CLOSED_PORT], "TIMEOUT": 1, "OPTIONS": {"max_retries": 0}, **params})


def analysis(instance):
    return instance.settings["settings"]["analysis"]


def test_cjk_analysis_is_the_default_and_needs_no_plugin():
    analyzers = analysis(backend())["analyzer"]
    assert analyzers["default"] == {"type": "cjk"}
    assert analyzers["gk_autocomplete"]["filter"] == ["cjk_width", "lowercase", "cjk_bigram", "gk_prefixes"]
    assert analyzers["gk_autocomplete_search"]["filter"] == ["cjk_width", "lowercase", "cjk_bigram"]
    assert analysis(backend())["filter"]["gk_prefixes"]["type"] == "edge_ngram"
    # Wagtail's own settings are kept.
    assert backend().settings["settings"]["index"]["max_ngram_diff"] == 12


def test_ik_indexes_every_word_and_searches_the_likeliest():
    analyzers = analysis(backend(ANALYZER="ik"))["analyzer"]
    assert analyzers["default"]["tokenizer"] == "ik_max_word"
    assert analyzers["default_search"]["tokenizer"] == "ik_smart"
    assert analyzers["gk_autocomplete"]["tokenizer"] == "ik_max_word"
    assert analyzers["gk_autocomplete_search"]["tokenizer"] == "ik_smart"


def test_smartcn_uses_its_tokenizer_everywhere():
    analyzers = analysis(backend(ANALYZER="smartcn"))["analyzer"]
    ours = ("default", "gk_autocomplete", "gk_autocomplete_search")
    assert {analyzers[name]["tokenizer"] for name in ours} == {"smartcn_tokenizer"}


def test_unknown_analyzer_is_refused():
    with pytest.raises(ValueError, match="ANALYZER must be one of cjk, ik, smartcn"):
        backend(ANALYZER="standard")


def test_index_settings_still_override():
    instance = backend(INDEX_SETTINGS={"settings": {"index": {"number_of_shards": 1}}})
    assert instance.settings["settings"]["index"] == {"max_ngram_diff": 12, "number_of_shards": 1}
    assert analysis(instance)["analyzer"]["default"] == {"type": "cjk"}


def test_mapping_analyses_autocomplete_like_the_query():
    mapping = ChineseMapping(PolicyDocumentPage).get_mapping()
    properties = mapping["properties"]
    assert properties["_edgengrams"] == {
        "type": "text",
        "analyzer": "gk_autocomplete",
        "search_analyzer": "gk_autocomplete_search",
    }
    title = next(value for key, value in properties.items() if key.endswith("title") and "edgengrams" not in key)
    # Text fields take the index's default analyzer: the one ANALYZER chose.
    assert title["type"] == "text" and "analyzer" not in title


def test_citizen_query_needs_every_token_of_a_term_and_one_term(db):
    query = backend().search("政府信息 公开", Page.objects.live()).query_compiler.get_query()
    inner = query["bool"]["must"]["bool"]
    every_token = [
        clause["multi_match"] for clause in inner["should"] if clause["multi_match"].get("operator") == "and"
    ]
    phrases = [clause["multi_match"] for clause in inner["should"] if clause["multi_match"].get("type") == "phrase"]
    assert [clause["query"] for clause in every_token] == ["政府信息", "公开"]
    assert [(clause["query"], clause["boost"]) for clause in phrases] == [("政府信息", 2), ("公开", 2)]
    assert inner["minimum_should_match"] == 1
    assert {"match": {"_django_content_type": "wagtailcore.Page"}} in query["bool"]["filter"]


def test_and_operator_requires_every_term(db):
    inner = (
        backend().search("政府信息 公开", Page.objects.all(), operator="and").query_compiler.get_query()["bool"]["must"]
    )
    assert [clause["multi_match"]["query"] for clause in inner["bool"]["must"]] == ["政府信息", "公开"]


def test_hostile_query_bodies_are_bounded(db):
    inner = backend().search("公开 " * 500 + '"', Page.objects.all()).query_compiler.get_query()["bool"]["must"]["bool"]
    assert len(inner["should"]) == 2 * 16


def test_autocomplete_searches_the_prefix_field(db):
    inner = backend().autocomplete("政府信息公", Page.objects.all()).query_compiler.get_query()["bool"]["must"]["bool"]
    assert inner["should"][0]["multi_match"]["fields"] == ["_edgengrams"]


def test_unreachable_cluster_falls_back_to_the_database(documents, caplog):
    instance = backend()
    with caplog.at_level(logging.WARNING, logger="gk_wagtail.search.elasticsearch"):
        results = instance.search("信息公开", Page.objects.live())
        assert [page.pk for page in results] == [documents["regulation"].pk]
    assert "Elasticsearch cannot be reached" in caplog.text

    def must_not_be_called(*args, **kwargs):
        raise AssertionError("the cluster was tried again at once")

    instance.es.search = instance.es.count = must_not_be_called
    again = instance.search("信息公开", Page.objects.live())
    assert again.count() == 1 and [page.pk for page in again] == [documents["regulation"].pk]
    assert [page.pk for page in instance.autocomplete("互联网租", Page.objects.live())] == [documents["bikes"].pk]


def test_count_and_facets_fall_back_too(documents):
    assert backend().search("上海市", PolicyDocumentPage.objects.live()).count() == 4
    assert sum(backend().search("上海市", Page.objects.live()).facet("content_type_id").values()) == 4


def test_search_page_serves_with_the_cluster_down(client, documents, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "gk_wagtail.search.elasticsearch",
            "URLS": [CLOSED_PORT],
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
            "AUTO_UPDATE": False,
            "FALLBACK": "database",
        },
        "database": {"BACKEND": "gk_wagtail.search.database"},
    }
    response = client.get("/search/", {"q": "信息公开", "format": "json"})
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [documents["regulation"].pk]
    assert client.get("/search/", {"q": "信息公开"}).status_code == 200


def test_publishing_works_with_the_cluster_down(documents, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "gk_wagtail.search.database"},
        "elasticsearch": {
            "BACKEND": "gk_wagtail.search.elasticsearch",
            "URLS": [CLOSED_PORT],
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        },
    }
    page = documents["bikes"]
    page.title = "上海市互联网租赁自行车管理办法（修订）"
    page.save_revision().publish()
    assert [found.pk for found in Page.objects.live().search("修订")] == [page.pk]
