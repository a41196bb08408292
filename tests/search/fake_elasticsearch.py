"""Stand-ins for an Elasticsearch cluster on 127.0.0.1: one that never answers, one that takes writes."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SilentServer:
    """Accepts connections and never answers: a cluster that hangs. Counts the connections it accepted."""

    def __init__(self):
        self._socket = socket.create_server(("127.0.0.1", 0), backlog=16)
        # Wakes the accept loop now and then, so that close() can stop it.
        self._socket.settimeout(0.05)
        self._closed = threading.Event()
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._accepted = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._closed.is_set():
            try:
                connection, _address = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._accepted.append(connection)

    @property
    def connections(self):
        with self._lock:
            return len(self._accepted)

    def wait_for_connections(self, count, within=5.0):
        """The number of connections once ``count`` have arrived (or ``within`` seconds passed)."""
        deadline = time.monotonic() + within
        while self.connections < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.connections

    def close(self):
        self._closed.set()
        self._thread.join(timeout=5)
        self._socket.close()
        with self._lock:
            for connection in self._accepted:
                connection.close()


class FakeElasticsearch:
    """Answers the document and bulk APIs the way Elasticsearch 8 does, and keeps the documents it took.

    ``refuse`` holds document IDs whose writes it answers with a mapping error, as a cluster does for
    a document it cannot index.
    """

    def __init__(self):
        self.documents = {}
        self.requests = []
        self.refuse = set()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def _answer(self, status, body):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _body(self):
                return self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()

            def do_POST(self):
                body = self._body()
                fake.requests.append((self.command, self.path, body))
                # The client sends bulk requests with PUT, documents with PUT or POST.
                if self.path.split("?")[0].rstrip("/") == "/_bulk":
                    self._answer(200, fake.bulk([json.loads(line) for line in body.splitlines() if line.strip()]))
                else:
                    self._document(body)

            do_PUT = do_POST

            def do_DELETE(self):
                fake.requests.append((self.command, self.path, ""))
                index, _doc, document_id = self.path.split("?")[0].strip("/").split("/")
                found = fake.documents.pop((index, document_id), None) is not None
                self._answer(200 if found else 404, {"_index": index, "_id": document_id, "result": "deleted"})

            def _document(self, body):
                index, _doc, document_id = self.path.split("?")[0].strip("/").split("/")
                fake.documents[(index, document_id)] = json.loads(body)
                self._answer(201, {"_index": index, "_id": document_id, "result": "created"})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def bulk(self, lines):
        items, errors = [], False
        while lines:
            action = lines.pop(0)
            ((operation, target),) = action.items()
            key = (target["_index"], target["_id"])
            if operation == "delete":
                found = self.documents.pop(key, None) is not None
                items.append({"delete": {**target, "status": 200 if found else 404}})
                continue
            document = lines.pop(0)
            if target["_id"] in self.refuse:
                errors = True
                error = {"type": "document_parsing_exception", "reason": "failed to parse field [title]"}
                items.append({operation: {**target, "status": 400, "error": error}})
                continue
            self.documents[key] = document
            items.append({operation: {**target, "status": 201, "result": "created"}})
        return {"took": 1, "errors": errors, "items": items}

    def close(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
