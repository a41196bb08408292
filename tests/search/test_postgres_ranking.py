"""PostgreSQL ranks in two stages: a cheap score picks the candidates, the full score orders only them.

Runs with GK_TEST_DATABASE=postgres; skipped on SQLite.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from gk_wagtail.search import postgres

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plan")


def ranking_sql(queryset, text):
    """The ranking statement a search runs, with its parameters bound."""
    with CaptureQueriesContext(connection) as captured:
        list(queryset.search(text)[:10])
    statements = [query["sql"] for query in captured.captured_queries if "gk_candidates" in query["sql"]]
    assert len(statements) == 1
    return statements[0]


def nodes(plan, inside_candidates=False):
    """Every node of a JSON plan, with whether it computes the candidates."""
    inside = inside_candidates or plan.get("Subplan Name", "").startswith("CTE gk_candidates")
    yield plan, inside
    for child in plan.get("Plans", []):
        yield from nodes(child, inside)


def explain(sql):
    with connection.cursor() as cursor:
        # On a handful of rows a sequential scan is cheaper; the plan of a real index is the one wanted.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


@pytest.mark.django_db(transaction=False)
def test_the_full_score_is_computed_only_on_the_limited_candidates(documents):
    plan = explain(ranking_sql(Page.objects.live(), "市房管局 征收评估"))
    all_nodes = list(nodes(plan))
    table = postgres.IndexEntry._meta.db_table
    candidates = [node for node, inside in all_nodes if inside]
    # The match is found through the GIN indexes of the index entries, then cut to the candidates.
    assert any(node["Node Type"] == "Bitmap Index Scan" for node in candidates)
    cte = next(node for node in candidates if node.get("Subplan Name", "").startswith("CTE gk_candidates"))
    assert cte["Node Type"] == "Limit" and cte["Plans"][0]["Node Type"] == "Sort"
    # The expensive score is not computed while the matches are scanned, only above the materialized candidates.
    assert not any("ts_rank_cd" in " ".join(node.get("Output", [])) for node in candidates)
    outside = [node for node, inside in all_nodes if not inside]
    assert any("ts_rank_cd" in " ".join(node.get("Output", [])) for node in outside)
    assert any(node["Node Type"] == "CTE Scan" and node.get("CTE Name") == "gk_candidates" for node in outside)
    # No loop runs over the index entries once per row of something else.
    for node, _inside in all_nodes:
        if node["Node Type"] == "Nested Loop":
            assert all(child.get("Relation Name") != table for child in node["Plans"][1:])


def test_pages_past_the_candidates_continue_the_same_order(documents, monkeypatch):
    every = [page.pk for page in Page.objects.live().search("上海市")]
    monkeypatch.setattr(postgres, "CANDIDATES", 2)
    cut = [page.pk for page in Page.objects.live().search("上海市")]
    paged = [page.pk for start in range(0, 6, 2) for page in Page.objects.live().search("上海市")[start : start + 2]]
    assert len(every) == 4
    # Every match is still returned, each once, the candidates first in the order of the full score.
    assert sorted(cut) == sorted(every) and paged == cut
    assert cut[:2] == [pk for pk in every if pk in cut[:2]]


def test_counts_and_facets_stay_exact_with_few_candidates(documents, monkeypatch):
    monkeypatch.setattr(postgres, "CANDIDATES", 1)
    results = Page.objects.live().search("上海市")
    assert results.count() == 4
    assert list(Page.objects.search("上海市").facet("content_type_id").values()) == [5]
