"""A query pasted from a title with its punctuation finds that title, on every backend."""

import pytest
from wagtail.models import Page

from gk_wagtail.search import citizen
from gk_wagtail.search.citizen import Criteria
from gk_wagtail.search.segmentation import index_tokens, parse_query, runs, term_runs
from tests.factories import make_column, make_organization, make_policy, make_search_site
from tests.search.test_elasticsearch import backend as elasticsearch_backend
from tests.search.test_segmentation import contains_phrase, finds

TITLE = "关于印发《上犹县农村饮水安全工程管理办法》的通知"
PASTED = [
    "印发《上",
    "《上犹县农村饮水安全工程管理办法》",
    "“农村饮水”",
    "县农村饮水安全工程管理办法》的通",
    "「饮水安全」",
]
#: Characters that separate runs of text, as pasted titles and 文号 carry them.
SEPARATORS = "《》〈〉“”‘’「」『』〔〕[]()（）【】—–-－~～、，。；：！？,.;:!?·…/\\|\"' \u3000"


@pytest.fixture
def titles(db):
    home = make_search_site()
    column = make_column(home)
    organ = make_organization()
    return {
        "wanted": make_policy(column, organ, title=TITLE, document_number="上犹府办发〔2024〕3号"),
        "other": make_policy(column, organ, title="关于印发考核办法的通知", document_number="上犹府办发〔2024〕4号"),
        "unrelated": make_policy(column, organ, title="上海市房屋管理规定", document_number="上犹府办发〔2024〕5号"),
    }


@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_every_separator_cuts_runs_as_a_space_does(separator):
    assert runs(f"印发{separator}上犹县") == runs("印发 上犹县") == ["印发", "上犹县"]
    assert index_tokens(f"印发{separator}上犹县") == index_tokens("印发 上犹县")


@pytest.mark.parametrize("query", PASTED)
def test_pasted_parts_of_a_title_match_its_tokens(query):
    assert finds(query, TITLE)


def test_a_lone_character_at_the_edges_of_a_pasted_term_is_a_runs_edge():
    assert term_runs("印发《上") == (["印发", "上"], True)
    assert term_runs("县》的通知") == (["的通知"], False)
    assert term_runs("上") == (["上"], True)
    (term,) = parse_query("印发《上")
    assert term.phrases[0].tokens == ("印发", "上") and term.phrases[0].prefix
    # Without its punctuation the text reads as other bigrams, which the title does not hold.
    assert not contains_phrase(index_tokens(TITLE), parse_query("印发上")[0].phrases[0])


@pytest.mark.parametrize("query", PASTED)
def test_citizen_search_finds_the_title_first(titles, query):
    outcome = citizen.search(Criteria(q=query))
    assert outcome.results and outcome.results[0].page.pk == titles["wanted"].pk
    assert outcome.results[0].title_html.count("<mark>") >= 1


def test_a_pasted_fragment_finds_only_titles_that_continue_it(titles):
    pks = [result.page.pk for result in citizen.search(Criteria(q="印发《上")).results]
    assert pks[0] == titles["wanted"].pk
    assert titles["unrelated"].pk not in pks


def test_the_search_page_finds_a_title_pasted_with_its_punctuation(client, titles):
    data = client.get("/search/", {"q": "关于印发《上犹县农村饮水安全工程管理办法》的通知", "format": "json"}).json()
    assert data["results"][0]["id"] == titles["wanted"].pk


def test_elasticsearch_query_is_cut_like_the_index(db):
    query = elasticsearch_backend().search("印发《上 “农村饮水”", Page.objects.live()).query_compiler.get_query()
    clauses = [clause["multi_match"] for clause in query["bool"]["must"]["bool"]["should"]]
    assert [(clause["query"], clause.get("operator"), clause.get("type")) for clause in clauses] == [
        ("印发", "and", None),
        ("农村饮水", "and", None),
        ("印发 上", None, "phrase_prefix"),
        ("农村饮水", None, "phrase"),
    ]


def test_elasticsearch_term_of_one_character_is_a_prefix(db):
    query = elasticsearch_backend().search("《上", Page.objects.live(), operator="and").query_compiler.get_query()
    (required,) = query["bool"]["must"]["bool"]["must"]
    assert required["multi_match"]["query"] == "上" and required["multi_match"]["type"] == "phrase_prefix"
