"""Speed of the gk_wagtail search at 10k and 100k documents: indexing, index size, query latency.

    .venv/bin/python benchmarks/search_speed.py [--database postgres] [--sizes 10000,100000]

The corpus is the eval set's documents repeated with variations (each copy gets another
year, number and district in its title and 文号, and the body of another document as its
summary, so that the index grows like a real one). Pages are written straight into the
page tables, as published pages under one column; their search index is then built with
``update_index``, which is what "indexing" measures. Queries are the eval set's dev
queries, timed through ``Page.objects.live().search(q)[:10]`` (the backend alone) and
through ``gk_wagtail.search.citizen.search`` (the search page's code path, with facets).
The index is then rebuilt with Wagtail's stock database backend and measured the same way,
as the baseline of the same run.
"""

import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support import arguments, fresh_database, make_column, milliseconds, percentile, read_jsonl  # noqa: E402

DISTRICTS = [
    "浦东新区",
    "黄浦区",
    "徐汇区",
    "长宁区",
    "静安区",
    "普陀区",
    "虹口区",
    "杨浦区",
    "闵行区",
    "宝山区",
    "嘉定区",
    "金山区",
    "松江区",
    "青浦区",
    "奉贤区",
    "崇明区",
]
STEP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BATCH = 1000


def tree_step(number, length=4):
    digits = []
    for _position in range(length):
        number, digit = divmod(number, len(STEP_ALPHABET))
        digits.append(STEP_ALPHABET[digit])
    return "".join(reversed(digits))


def variant(doc, copy, rng, bodies):
    """The copy-th variation of an eval document: another place, year and number; another body as summary."""
    if copy == 0:
        return doc["title"], doc["document_number"], doc["body"]
    district = DISTRICTS[copy % len(DISTRICTS)]
    year = 2000 + (copy * 7 + len(doc["title"])) % 26
    title = f"{district}{doc['title']}（{year}年第{copy}次修订）"
    number = doc["document_number"]
    if number and "〔" in number and "〕" in number:
        prefix, rest = number.split("〔", 1)
        number = f"{prefix}〔{year}〕{copy * 100 + rng.randrange(100)}号"
    body = rng.choice(bodies)[:2000]
    return title, number, body


def create_pages(column, docs, size):
    """Write ``size`` published policy pages under ``column``, in batches, bypassing per-page saves."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from gk_wagtail.formats.codes import normalize_document_number
    from gk_wagtail.models import Organization, PolicyDocumentPage

    rng = random.Random(1)
    bodies = [doc["body"] for doc in docs if doc["body"]]
    organs = {}
    for doc in docs:
        name = (doc["issuing_organ"] or "上海市人民政府").split("、")[0]
        organs.setdefault(name, None)
    for organ in Organization.objects.bulk_create([Organization(name=name) for name in organs]):
        organs[organ.name] = organ
    content_type = ContentType.objects.get_for_model(PolicyDocumentPage)
    locale = Locale.get_default()
    now = timezone.now()
    page_fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
    child_fields = PolicyDocumentPage._meta.local_concrete_fields
    for start in range(0, size, BATCH):
        pages = []
        for number in range(start, min(start + BATCH, size)):
            doc = docs[number % len(docs)]
            title, document_number, body = variant(doc, number // len(docs), rng, bodies)
            published = doc["publish_date"]
            date = datetime.date.fromisoformat(published) if len(published) == 10 else None
            slug = f"doc-{number}"
            pages.append(
                PolicyDocumentPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=column.path + tree_step(number),
                    depth=column.depth + 1,
                    numchild=0,
                    url_path=f"{column.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    live_revision=None,
                    content_type=content_type,
                    locale=locale,
                    issuing_organ=organs[(doc["issuing_organ"] or "上海市人民政府").split("、")[0]],
                    document_number=document_number,
                    document_number_normalized=normalize_document_number(document_number),
                    date_published=date,
                    summary=body,
                    import_source=f"speed:{number}",
                )
            )
        with transaction.atomic():
            created = Page.objects.bulk_create(
                [Page(**{field.attname: getattr(page, field.attname) for field in page_fields}) for page in pages]
            )
            for page, base in zip(pages, created, strict=True):
                page.pk = page.id = page.page_ptr_id = base.pk
            PolicyDocumentPage._base_manager._insert(pages, fields=child_fields, using="default")
    Page.objects.filter(pk=column.pk).update(numchild=size)


def index_size():
    from django.db import connection
    from wagtail.search.models import IndexEntry

    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
        else:
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE %s", [f"{table}%"])
        return cursor.fetchone()[0]


def run(args, size, docs, queries):
    database = fresh_database(args)
    from django.core.management import call_command
    from django.db import connection

    from gk_wagtail.models import ColumnPage

    site = make_column()
    column = ColumnPage.objects.get()
    started = time.perf_counter()
    create_pages(column, docs, size)
    created = time.perf_counter() - started
    started = time.perf_counter()
    call_command("update_index", backend_name="default", chunk_size=BATCH, verbosity=0)
    indexed = time.perf_counter() - started
    analyze()
    texts = [query["query"] for query in queries]
    gk = measure(texts, site, "default", args.rounds)
    gk_size = index_size()
    # Wagtail's own database backend on the same pages, as the baseline: it shares the index table.
    started = time.perf_counter()
    call_command("update_index", backend_name="stock", chunk_size=BATCH, verbosity=0)
    stock_indexed = time.perf_counter() - started
    analyze()
    stock = measure(texts, site, "stock", args.rounds)
    stock_size = index_size()
    print(f"{connection.vendor} {size:>7} documents ({database}): pages written in {created:.0f} s")
    print(
        f"    {'':<11} {'update_index':>19} {'index':>9} {'search()[:10] p50 / p95':>26} {'citizen search p50 / p95':>26}"
    )
    for name, indexed_in, index_bytes, (backend_times, page_times) in (
        ("stock", stock_indexed, stock_size, stock),
        ("gk_wagtail", indexed, gk_size, gk),
    ):
        print(
            f"    {name:<11} {size / indexed_in:>8.0f} documents/s {index_bytes / 2**20:>5.0f} MiB "
            f"{milliseconds(backend_times):>26} {milliseconds(page_times):>26}"
        )
    print(
        f"    gk_wagtail / stock: indexing time x{indexed / stock_indexed:.2f}, index size x{gk_size / stock_size:.2f}, "
        f"p95 x{percentile(gk[0], 0.95) / percentile(stock[0], 0.95):.3f} (backend) "
        f"x{percentile(gk[1], 0.95) / percentile(stock[1], 0.95):.3f} (citizen search); "
        f"{len(gk[0])} timed queries each"
    )


def analyze():
    """Fresh planner statistics, which the PostgreSQL backend also reads its token counts from."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(texts, site, backend, rounds):
    """Query times through the backend alone and through the citizen search, after one warm-up pass."""
    from wagtail.models import Page

    from gk_wagtail.search.citizen import Criteria, search

    for text in texts:  # warm the caches once, as a running site has them
        list(Page.objects.live().search(text, backend=backend)[:10])
    backend_times, page_times = [], []
    for _round in range(rounds):
        for text in texts:
            started = time.perf_counter()
            list(Page.objects.live().search(text, backend=backend)[:10])
            backend_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            search(Criteria(q=text), site=site, backend=backend)
            page_times.append(time.perf_counter() - started)
    return backend_times, page_times


def main():
    parser = arguments(__doc__.splitlines()[0], "gk_bench_speed")
    parser.add_argument(
        "--sizes",
        default="10000",
        help="Comma-separated corpus sizes (default 10000; the README's figures use 10000,100000).",
    )
    parser.add_argument("--rounds", type=int, default=3, help="Times each dev query is run (default 3).")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if len(sizes) > 1:
        # Django is set up once per process, on one database: each size runs in a process of its own.
        for size in sizes:
            options = [
                f"--database={args.database}",
                f"--rounds={args.rounds}",
                f"--eval-dir={args.eval_dir}",
                f"--sizes={size}",
            ]
            options += [f"--name={args.name}"] if args.name else []
            options += ["--syncdb"] if args.syncdb else []
            subprocess.run([sys.executable, __file__, *options], check=True)
        return
    run(args, sizes[0], read_jsonl(args.eval_dir / "docs.jsonl"), read_jsonl(args.eval_dir / "queries_dev.jsonl"))


if __name__ == "__main__":
    main()
