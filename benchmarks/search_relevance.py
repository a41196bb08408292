"""Relevance of the citizen search on the eval set: stock Wagtail database search next to gk_wagtail.

Loads ../shared/eval/docs.jsonl through ``gk_import_documents`` into a fresh database, runs
queries_dev.jsonl through ``gk_wagtail.search.citizen.search`` (the search page's code path,
first page of 10 results), and prints MRR@10, Recall@10 (capped at 10 judged documents, as
the eval README defines it) and nDCG@10, overall and per kind, for both backends:

    .venv/bin/python benchmarks/search_relevance.py [--database postgres] [--misses]

gk_wagtail is measured first, on the index the import built; then the index is rebuilt with
Wagtail's stock database backend (``update_index --backend stock``) and measured the same way.
"""

import io
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support import COLUMN_CODE, arguments, fresh_database, make_column, milliseconds, read_jsonl  # noqa: E402

KINDS = ["docnum", "title2", "title", "topic", "organ"]


def scores(ranked, relevant):
    """(reciprocal rank of the first grade-2 document, capped Recall@10, nDCG@10), as the eval README defines them."""
    top = ranked[:10]
    reciprocal_rank = next((1 / (rank + 1) for rank, doc in enumerate(top) if relevant.get(doc) == 2), 0.0)
    judged = [doc for doc, grade in relevant.items() if grade >= 1]
    recall = sum(1 for doc in top if relevant.get(doc, 0) >= 1) / min(len(judged), 10)
    dcg = sum((2 ** relevant.get(doc, 0) - 1) / math.log2(rank + 2) for rank, doc in enumerate(top))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return reciprocal_rank, recall, dcg / idcg


def evaluate(queries, backend, site, show_misses=False):
    """Per kind and overall: [reciprocal ranks, recalls, nDCGs]; and the query times."""
    from gk_wagtail.search.citizen import Criteria, search

    per_kind = defaultdict(lambda: ([], [], []))
    times = []
    for query in queries:
        started = time.perf_counter()
        outcome = search(Criteria(q=query["query"]), site=site, backend=backend)
        times.append(time.perf_counter() - started)
        ranked = [result.page.import_source.removeprefix("jsonl:") for result in outcome.results]
        reciprocal_rank, recall, ndcg = scores(ranked, query["relevant"])
        has_target = 2 in query["relevant"].values()
        for kind in (query["kind"], "all"):
            if has_target:
                per_kind[kind][0].append(reciprocal_rank)
            per_kind[kind][1].append(recall)
            per_kind[kind][2].append(ndcg)
        if show_misses and (recall < 1 or (has_target and reciprocal_rank < 1)):
            print(
                f"  {backend}: {query['qid']} {query['query']} RR {reciprocal_rank:.2f} R {recall:.2f} top {ranked[:5]}"
            )
    return per_kind, times


def mean(values):
    return sum(values) / len(values) if values else float("nan")


def print_table(results):
    names = list(results)
    header = f"{'kind':<8} {'n':>3} " + " ".join(
        f"{name + ' ' + metric:>17}" for name in names for metric in ("MRR", "R@10", "nDCG")
    )
    print(header)
    print("-" * len(header))
    for kind in ["all"] + KINDS:
        cells = []
        for name in names:
            per_kind = results[name][0]
            cells += [mean(values) for values in per_kind[kind]]
        count = len(results[names[0]][0][kind][1])
        print(f"{kind:<8} {count:>3} " + " ".join(f"{cell:>17.3f}" for cell in cells))


def main():
    parser = arguments(__doc__.splitlines()[0], "gk_bench_relevance")
    parser.add_argument("--misses", action="store_true", help="List the queries that miss a relevant document.")
    args = parser.parse_args()
    database = fresh_database(args)

    from django.core.management import call_command
    from django.db import connection

    if args.reuse:
        from wagtail.models import Site

        site = Site.objects.get()
        # The previous run left the index as the stock backend built it.
        call_command("update_index", backend_name="default", verbosity=0)
    else:
        site = make_column()
        docs_path = args.eval_dir / "docs.jsonl"
        started = time.perf_counter()
        report = io.StringIO()
        call_command("gk_import_documents", str(docs_path), column=COLUMN_CODE, stdout=report)
        imported = time.perf_counter() - started
        documents = len(read_jsonl(docs_path))
        print(
            f"{connection.vendor} ({database}): gk_import_documents took {imported:.0f} s for {documents} documents "
            f"({documents / imported:.1f} documents/s, search index included): {report.getvalue().splitlines()[0]}"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    queries = read_jsonl(args.eval_dir / "queries_dev.jsonl")

    results = {"gk_wagtail": evaluate(queries, "default", site, args.misses)}
    call_command("update_index", backend_name="stock", verbosity=0)
    results["stock"] = evaluate(queries, "stock", site, args.misses)
    print()
    print("Relevance on queries_dev.jsonl (first page of the citizen search, 10 results):")
    print_table({"stock": results["stock"], "gk_wagtail": results["gk_wagtail"]})
    print()
    for name in ("stock", "gk_wagtail"):
        print(f"{name} citizen search time per query (facets included): {milliseconds(results[name][1])}")
    print()
    print(
        "gk_wagtail configuration: Han runs indexed as overlapping character bigrams plus a folded 文号 token; "
        "queries cut by rjieba with the domain dictionary, OR of terms and their words, synonyms, agency "
        "abbreviations from the Organization register; "
        + (
            "bm25 with title weight 3 (FTS5)"
            if connection.vendor == "sqlite"
            else "ts_rank over every match picks 200 candidates, then ts_rank_cd x IDF from pg_stats (title and 文号 "
            "label A, titles weighed up, agency names multiplying as on SQLite)"
        )
    )


if __name__ == "__main__":
    main()
