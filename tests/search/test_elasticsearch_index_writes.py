"""Index writes to Elasticsearch never hold up an editor: a short timeout, a pause after a failure, and a
queue that ``gk_search_reindex --pending`` replays once the cluster answers.

The cluster is a server on 127.0.0.1 that accepts connections and never answers, or one that answers
the bulk and document APIs like Elasticsearch (``fake_elasticsearch``).
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from elastic_transport import Urllib3HttpNode
from wagtail.models import Page

from gk_wagtail.models import PendingIndexWrite, PolicyDocumentPage
from gk_wagtail.search import elasticsearch, pending
from tests.factories import make_policy
from tests.search.fake_elasticsearch import FakeElasticsearch, SilentServer

INDEX_TIMEOUT = 0.25
SEARCH_TIMEOUT = 7
PAGE_INDEX = "gk_wagtailcore_page"


@pytest.fixture(autouse=True)
def reachable_again():
    elasticsearch._unreachable_until.clear()
    yield
    elasticsearch._unreachable_until.clear()


@pytest.fixture
def silent():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def cluster():
    server = FakeElasticsearch()
    yield server
    server.close()


@pytest.fixture
def timeouts(monkeypatch):
    """The request timeout each request to a cluster node was sent with."""
    sent = []
    perform_request = Urllib3HttpNode.perform_request

    def spy(self, method, target, *args, **kwargs):
        sent.append((method, target, kwargs.get("request_timeout")))
        return perform_request(self, method, target, *args, **kwargs)

    monkeypatch.setattr(Urllib3HttpNode, "perform_request", spy)
    return sent


def use_cluster(settings, url, timeout=SEARCH_TIMEOUT):
    settings.GK_WAGTAIL_ELASTICSEARCH_INDEX_TIMEOUT = INDEX_TIMEOUT
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "gk_wagtail.search.database"},
        "elasticsearch": {
            "BACKEND": "gk_wagtail.search.elasticsearch",
            "URLS": [url],
            "INDEX_PREFIX": "gk_",
            "TIMEOUT": timeout,
            "FALLBACK": "default",
        },
    }


def queued():
    return {(row.model_label, row.object_pk): row for row in PendingIndexWrite.objects.all()}


def reindex(*args):
    out = StringIO()
    call_command("gk_search_reindex", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_publishing_with_a_silent_cluster_completes_and_queues_the_write(documents, settings, silent, timeouts):
    use_cluster(settings, silent.url)
    draft = documents["draft"]
    draft.title = "政府信息公开工作要点"
    draft.save_revision().publish()

    draft.refresh_from_db()
    assert draft.live and draft.title == "政府信息公开工作要点"
    row = queued()[("gk_wagtail.PolicyDocumentPage", str(draft.pk))]
    assert row.action == "add" and row.attempts == 1 and row.last_error
    # One request, sent with the index timeout rather than the search timeout, and not sent again.
    assert silent.wait_for_connections(1) == 1
    assert [timeout for _method, _target, timeout in timeouts] == [INDEX_TIMEOUT]
    # The database backend, the fallback, was indexed as before.
    assert [page.pk for page in Page.objects.live().search("工作要点")] == [draft.pk]

    # During the pause nothing reaches the cluster: neither a new page's writes nor a search.
    column = documents["bikes"].get_parent()
    created = make_policy(column, documents["bikes"].issuing_organ, title="关于公共数据开放的通知", live=False)
    created.save_revision().publish()
    results = elasticsearch.auto_update_backends()[0][1].search("公共数据", Page.objects.live())
    assert [page.pk for page in results] == [created.pk]
    assert silent.connections == 1 and len(timeouts) == 1
    row = queued()[("gk_wagtail.PolicyDocumentPage", str(created.pk))]
    assert row.attempts == 0 and row.last_error == elasticsearch.NOT_SENT


def test_deleting_with_a_silent_cluster_queues_the_delete(documents, settings, silent):
    use_cluster(settings, silent.url)
    page = documents["valuation"]
    pk = str(page.pk)
    page.delete()
    assert queued()[("gk_wagtail.PolicyDocumentPage", pk)].action == "delete"
    assert silent.wait_for_connections(1) == 1


def test_replay_sends_the_queue_in_bulk_once_the_cluster_answers(documents, settings, silent, cluster, timeouts):
    use_cluster(settings, silent.url)
    for name in ("regulation", "bikes"):
        documents[name].save_revision().publish()
    deleted = str(documents["valuation"].pk)
    documents["valuation"].delete()
    assert len(queued()) == 3

    use_cluster(settings, cluster.url)
    output = reindex("--pending", "--batch-size", "2")

    assert PendingIndexWrite.objects.count() == 0
    bulk_requests = [request for request in cluster.requests if request[1].startswith("/_bulk")]
    assert len(bulk_requests) == 2
    assert set(cluster.documents) == {(PAGE_INDEX, str(documents[name].pk)) for name in ("regulation", "bikes")}
    indexed = cluster.documents[(PAGE_INDEX, str(documents["bikes"].pk))]
    assert "上海市互联网租赁自行车管理办法" in json.dumps(indexed, ensure_ascii=False)
    deletes = [json.loads(line) for _m, _p, body in bulk_requests for line in body.splitlines() if '"delete"' in line]
    assert deletes == [{"delete": {"_index": PAGE_INDEX, "_id": deleted}}]
    # The replay waits as long as a search may, not the editors' short timeout.
    assert {timeout for method, target, timeout in timeouts if target.startswith("/_bulk")} == {SEARCH_TIMEOUT}
    assert f"deleted\tgk_wagtail.PolicyDocumentPage {deleted}" in output
    assert "3 written, 0 still failing, 0 not tried, 0 discarded." in output
    # Writes are sent at once again after a replay that succeeded.
    assert elasticsearch.auto_update_backends()[0][1].reachable()


def test_replay_keeps_and_reports_what_the_cluster_refuses(documents, settings, silent, cluster):
    use_cluster(settings, silent.url)
    refused, taken = documents["regulation"], documents["bikes"]
    refused.save_revision().publish()
    taken.save_revision().publish()

    use_cluster(settings, cluster.url)
    cluster.refuse = {str(refused.pk)}
    out = StringIO()
    with pytest.raises(CommandError, match="1 search index write is still queued"):
        call_command("gk_search_reindex", "--pending", stdout=out, stderr=out)

    assert list(queued()) == [("gk_wagtail.PolicyDocumentPage", str(refused.pk))]
    row = queued()[("gk_wagtail.PolicyDocumentPage", str(refused.pk))]
    assert row.attempts == 2 and "document_parsing_exception" in row.last_error
    assert f"still failing\tgk_wagtail.PolicyDocumentPage {refused.pk}\t2 failed attempts since" in out.getvalue()
    assert "1 written, 1 still failing" in out.getvalue()


def test_replay_against_a_silent_cluster_stops_and_keeps_the_queue(documents, settings, silent):
    use_cluster(settings, silent.url)
    for name in ("regulation", "bikes", "citing"):
        documents[name].save_revision().publish()

    use_cluster(settings, silent.url, timeout=INDEX_TIMEOUT)
    out = StringIO()
    with pytest.raises(CommandError, match="3 search index writes are still queued"):
        call_command("gk_search_reindex", "--pending", "--batch-size", "1", stdout=out, stderr=out)

    assert len(queued()) == 3
    assert sorted(row.attempts for row in queued().values()) == [0, 0, 2]
    assert "Elasticsearch did not answer" in out.getvalue()
    assert "0 written, 1 still failing, 2 not tried, 0 discarded." in out.getvalue()
    # The first batch that got no answer ends the replay.
    assert silent.wait_for_connections(2) == 2


def test_replay_writes_each_object_as_it_is_now(documents, settings, cluster):
    use_cluster(settings, cluster.url)
    page = documents["bikes"]
    gone = documents["valuation"]
    gone_pk = gone.pk
    gone.delete()
    cluster.requests.clear()
    # Queued as a delete, but the page exists: it is indexed. Queued as an add, but gone: it is deleted.
    pending.record(PolicyDocumentPage, [page.pk], "delete", "timed out")
    pending.record(PolicyDocumentPage, [gone_pk], "add", "timed out")
    # The same page queued under Page too (Wagtail deletes pages through both models) is sent once.
    pending.record(Page, [page.pk], "add", "timed out")
    pending.record(PolicyDocumentPage, [page.pk], "delete", "timed out again")
    assert queued()[("gk_wagtail.PolicyDocumentPage", str(page.pk))].attempts == 2

    reindex("--pending")

    ((_method, _path, body),) = cluster.requests
    lines = [json.loads(line) for line in body.splitlines()]
    actions = [next(iter(line)) for line in lines if len(line) == 1 and next(iter(line)) in ("index", "delete")]
    assert actions == ["index", "delete"]
    assert (PAGE_INDEX, str(page.pk)) in cluster.documents
    assert PendingIndexWrite.objects.count() == 0


def test_rows_of_models_that_are_gone_are_discarded(db, settings, cluster):
    use_cluster(settings, cluster.url)
    PendingIndexWrite.objects.create(model_label="retired.Notice", object_pk="7", action="add")
    output = reindex("--pending")
    assert "discarded\tretired.Notice 7" in output
    assert PendingIndexWrite.objects.count() == 0 and cluster.requests == []


def test_a_write_the_cluster_refuses_is_queued_and_still_logged(documents, settings, monkeypatch):
    use_cluster(settings, "http://127.0.0.1:9")
    page = documents["bikes"]

    def refuse(self, item):
        raise ValueError("cannot be indexed")

    monkeypatch.setattr(elasticsearch.SearchBackend.index_class, "add_item", refuse)
    backend = elasticsearch.auto_update_backends()[0][1]
    with pytest.raises(ValueError):
        backend.add(page)
    assert queued()[("gk_wagtail.PolicyDocumentPage", str(page.pk))].last_error == "cannot be indexed"
    # Not a sign of an unreachable cluster: searches and writes carry on.
    assert backend.reachable()


def test_an_empty_queue_needs_no_cluster(db, settings):
    use_cluster(settings, "http://127.0.0.1:9")
    assert reindex("--pending").strip() == "No search index writes are pending."


def test_a_queue_with_no_elasticsearch_backend_is_an_error(db, settings):
    PendingIndexWrite.objects.create(model_label="gk_wagtail.PolicyDocumentPage", object_pk="1", action="add")
    with pytest.raises(CommandError, match="no backend in WAGTAILSEARCH_BACKENDS is gk_wagtail.search.elasticsearch"):
        reindex("--pending")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Say what to reindex: --pending replays the queued index writes"),
        (("--pending", "--batch-size", "0"), "--batch-size takes a whole number of at least 1, not '0'"),
        (("--pending", "--batch-size", "many"), "--batch-size takes a whole number of at least 1, not 'many'"),
        (("--all",), "unrecognized arguments: --all"),
    ],
)
def test_wrong_arguments_are_explained(db, args, message):
    with pytest.raises(CommandError, match=message):
        reindex(*args)
