"""Publishes the given draft pages, started as a separate OS process by test_index_numbers.py.

Usage: python -m tests.publish_worker START_AT PAGE_ID [PAGE_ID ...]
Waits until the wall-clock time START_AT so that all workers publish at the same moment,
then prints one line per page: "<page id> <index number>".
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from wagtail.models import Page  # noqa: E402


def main():
    start_at = float(sys.argv[1])
    pages = [Page.objects.get(pk=int(page_id)).specific for page_id in sys.argv[2:]]
    time.sleep(max(0.0, start_at - time.time()))
    for page in pages:
        page.save_revision().publish()
        page.refresh_from_db()
        print(page.pk, page.index_number, flush=True)


if __name__ == "__main__":
    main()
