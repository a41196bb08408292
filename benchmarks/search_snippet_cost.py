"""Cost of a citizen search hitting a page with a 50 MB body, against one hitting a small page, in one run.

    .venv/bin/python benchmarks/search_snippet_cost.py [--database postgres] [--megabytes 50]

Builds two published policies with rich-text bodies of Chinese text: a small one of 50 KB and a
huge one of ``--megabytes`` MB (UTF-8). Both are indexed with a short body, and the long bodies
are then written straight into the page table: the figure is the search and its snippets, not
indexing. Each query hits one of the pages in its title and its body;
``gk_wagtail.search.citizen.search`` runs each several times, and the ratio of the medians says
how much more the huge page costs. Snippets read a window of each field
(``citizen.STORED_WINDOW`` stored characters, ``highlight.SNIPPET_SOURCE_LENGTH`` characters of
text), so the ratio should stay near 1 whatever the size.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support import arguments, fresh_database, make_column  # noqa: E402

REPEATS = 7
SMALL_QUERY = "老旧小区"
HUGE_QUERY = "城市更新"


def build(megabytes):
    import datetime

    from gk_wagtail.models import ColumnPage, Organization, PolicyDocumentPage

    make_column()
    column = ColumnPage.objects.get()
    organ = Organization.objects.create(name="示范县人民政府", credit_code="114403000075421709")

    def policy(title, number, body):
        page = PolicyDocumentPage(
            title=title,
            issuing_organ=organ,
            document_number=number,
            date_published=datetime.date(2024, 5, 1),
            body=[("rich_text", body)],
        )
        return column.add_child(instance=page)

    small = policy("关于老旧小区改造的通知", "示范〔2024〕1号", "<p>推进老旧小区改造。</p>")
    huge = policy("关于城市更新工作的实施意见", "示范〔2024〕2号", "<p>城市更新的具体措施。</p>")
    # Straight into the table: indexing megabytes is another benchmark's matter.
    write_body(small, "老旧小区改造包括更换管线、加装电梯和整治环境。", 50_000)
    size = write_body(huge, "城市更新的具体措施包括改造老旧街区和完善公共设施。", megabytes * 1_000_000)
    return small, huge, size


def write_body(page, sentence, size):
    """Give ``page`` a body of ``size`` bytes of UTF-8 made of ``sentence``, without indexing it; returns the size."""
    from gk_wagtail.models import PolicyDocumentPage

    text = sentence * (size // len(sentence.encode()))
    PolicyDocumentPage.objects.filter(pk=page.pk).update(body=[{"type": "rich_text", "value": f"<p>{text}</p>"}])
    return len(text.encode())


def timed(query, expected_pk):
    from gk_wagtail.search import citizen

    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        outcome = citizen.search(citizen.Criteria(q=query))
        times.append(time.perf_counter() - started)
        assert [result.page.pk for result in outcome.results] == [expected_pk], outcome.results
    return statistics.median(times), outcome.results[0].snippet


def main():
    parser = arguments(__doc__.splitlines()[0], "gk-snippet-cost")
    parser.add_argument("--megabytes", type=int, default=50, help="Size of the huge body in MB of UTF-8 (default 50).")
    args = parser.parse_args()
    fresh_database(args)
    small, huge, size = build(args.megabytes)
    timed(SMALL_QUERY, small.pk)  # warm caches: content types, token counts
    small_time, small_snippet = timed(SMALL_QUERY, small.pk)
    huge_time, huge_snippet = timed(HUGE_QUERY, huge.pk)
    print(f"small body, 50 KB: median {small_time * 1000:.1f} ms")
    print(f"huge body, {size / 1_000_000:.1f} MB: median {huge_time * 1000:.1f} ms")
    print(f"ratio huge / small: {huge_time / small_time:.2f}")
    print(f"snippets: {small_snippet[:50]}… / {huge_snippet[:50]}…")


if __name__ == "__main__":
    main()
