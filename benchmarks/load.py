"""Latency and throughput of the example site under concurrent visitors, as deployed: gunicorn, config.production.

For each database (SQLite in a temporary directory; PostgreSQL in a throwaway database at
127.0.0.1:5432, user postgres, trust authentication) the script

* migrates, loads the demo (``load_demo``) and collects the static files, all under
  ``config.production`` with only the environment it sets (``GK_SECRET_KEY``,
  ``GK_ALLOWED_HOSTS``, ``GK_DATABASE_URL``, ``GK_PROXY_SSL_HEADER=1``, temporary static and media
  folders; no Redis, no Elasticsearch: each worker has its own in-memory cache and search runs on
  the database);
* starts gunicorn (``config.wsgi``, sync workers, as in docs/deployment.md) on the loopback
  interface and sends every request with ``X-Forwarded-Proto: https``, as nginx does in front of it,
  so that the HTTPS redirect and secure cookies stay on;
* times each kind of URL alone with one client, then drives 8, 16 and 32 concurrent clients
  (threads, one connection per request: gunicorn's sync workers close it after each response) for
  a fixed time per level, first on the baseline, then on the URL mix.

The baseline is the site's stylesheet, served by WhiteNoise through the same gunicorn workers and
middleware, without touching the database or a template: what the stack costs before the site's
own code runs. Read the mix's figures against it.

The URL mix is a guess at a county site's traffic, weighted: documents (policies, interpretations,
opinion responses) 30, column listings 25, citizen search with Chinese queries 15, the home page 10,
the API listing 10, village affairs pages 5, standard catalogs 5. Each client picks its next URL at
random (a fixed seed per client) from every live page of the demo of that kind. Any status other
than 200, a refused connection or a time-out counts as an error. Only the HTML and JSON are
fetched, not the images, stylesheets and scripts a browser would then ask for.

Usage, from the repository root::

    .venv/bin/python benchmarks/load.py [--databases sqlite,postgres] [--workers 4]
                                        [--concurrency 8,16,32] [--seconds 10]

The clients run on the same machine as the server and share its cores; the figures depend on the
machine and on what else it runs (the load average is printed before each database), so compare
runs of one machine only.
"""

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.support import percentile  # noqa: E402

EXAMPLE_SITE = REPO / "example_site"
BIN = Path(sys.executable).parent
HOST = "localhost"
# Long, random-looking and obviously not a real key; production settings refuse the demo's own.
SECRET_KEY = "load-benchmark-key-5c0e9a7f3b1d4e6a8f2c0b9d7e5a3c1f-not-a-real-secret"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/{name}"

SEARCH_QUERIES = [
    "政务公开",
    "最低生活保障",
    "预算",
    "招生入学",
    "标准目录",
    "暴雨",
    "二次供水",
    "村务公开",
    "政策解读",
    "国办发〔2020〕17号",
    "基层政务公开标准化规范化",
    "财务收支",
]
WEIGHTS = {"document": 30, "column": 25, "search": 15, "home": 10, "api": 10, "village": 5, "catalog": 5}

# Run inside the site (manage.py shell): every live, public URL of the demo by kind, and the
# stylesheet's hashed name.
URLS_SCRIPT = """
import json
from django.templatetags.static import static
from gk_wagtail.models import (
    ColumnPage, OpinionResponsePage, PolicyDocumentPage, PolicyInterpretationPage, StandardCatalogPage,
    VillageAffairsIndexPage, VillageAffairsPage,
)

def urls(*models, listing=False):
    found = []
    for model in models:
        for page in model.objects.live().public().order_by("path"):
            if listing and not page.get_children().live().public().exists():
                continue
            found.append(page.get_url())
    return found

print(json.dumps({
    "document": urls(PolicyDocumentPage, PolicyInterpretationPage, OpinionResponsePage),
    "column": urls(ColumnPage, VillageAffairsIndexPage, listing=True),
    "village": urls(VillageAffairsPage),
    "catalog": urls(StandardCatalogPage),
    "stylesheet": static("gk_wagtail/css/gk_wagtail.css"),
}))
"""


def site_environment(work, database_url):
    """config.production with the benchmark's variables only: nothing from the caller's GK_* or settings."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name != "DJANGO_SETTINGS_MODULE" and not name.startswith("GK_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.production",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        GK_SECRET_KEY=SECRET_KEY,
        GK_ALLOWED_HOSTS=HOST,
        GK_BASE_URL=f"https://{HOST}",
        GK_DATABASE_URL=database_url,
        GK_PROXY_SSL_HEADER="1",
        GK_STATIC_ROOT=str(work / "static"),
        GK_MEDIA_ROOT=str(work / "media"),
        GK_EXAMPLE_SQLITE_PATH=str(work / "unused.sqlite3"),
        GK_LOG_LEVEL="WARNING",
    )
    return environment


def manage(environment, *arguments):
    completed = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=EXAMPLE_SITE,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"manage.py {' '.join(arguments[:2])} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed.stdout


def build_site(environment, collect_static):
    """Migrate, load the demo, collect static files; the demo's URLs by kind."""
    manage(environment, "migrate", "--no-input", "-v", "0")
    manage(environment, "load_demo")
    if collect_static:
        manage(environment, "collectstatic", "--no-input", "-v", "0")
    return json.loads(manage(environment, "shell", "-v", "0", "-c", URLS_SCRIPT).strip().splitlines()[-1])


def recreate_postgres_database(name, drop_only=False):
    import psycopg

    with psycopg.connect(dbname="postgres", user="postgres", host="127.0.0.1", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the example site, started and stopped by this script only."""

    def __init__(self, environment, workers, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - kept open for the server's lifetime
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--no-control-socket",
            ],
            cwd=EXAMPLE_SITE,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, path, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if fetch(self.port, path)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not start; its log:\n{Path(self.log_path).read_text()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


HEADERS = {
    "Host": HOST,
    # What nginx sets in front of gunicorn (docs/deployment.md); the site trusts it (GK_PROXY_SSL_HEADER=1).
    "X-Forwarded-Proto": "https",
    "User-Agent": "gk-load-benchmark",
    "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9",
    "Accept-Encoding": "gzip",
}


def fetch(port, path, timeout=60):
    """(status, body length) of one GET over a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool


def url_mix(urls):
    """Every URL of the mix with its kind, and the weight of each kind."""
    from urllib.parse import quote

    by_kind = {
        "home": ["/"],
        "column": urls["column"],
        "document": urls["document"],
        "village": urls["village"],
        "catalog": urls["catalog"],
        "search": [f"/search/?q={quote(query)}" for query in SEARCH_QUERIES],
        "api": ["/api/v2/pages/", "/api/v2/pages/?type=gk_wagtail.PolicyDocumentPage&fields=document_number"],
    }
    for kind, found in by_kind.items():
        if not found:
            sys.exit(f"The demo has no {kind} URL to request.")
    return by_kind


def drive(port, choose, concurrency, seconds):
    """``concurrency`` clients requesting ``choose(rng)`` for ``seconds``; every sample and the wall time."""
    samples = [[] for _ in range(concurrency)]
    start_line = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def client(index):
        rng = random.Random(index)
        mine = samples[index]
        start_line.wait()
        while time.monotonic() < deadline[0]:
            kind, path = choose(rng)
            started = time.perf_counter()
            try:
                ok = fetch(port, path)[0] == 200
            except OSError:
                ok = False
            mine.append(Sample(kind, time.perf_counter() - started, ok))

    threads = [threading.Thread(target=client, args=(index,), daemon=True) for index in range(concurrency)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    began = time.perf_counter()
    start_line.wait()
    for thread in threads:
        thread.join()
    return [sample for mine in samples for sample in mine], time.perf_counter() - began


def summary(samples, wall):
    times = [sample.seconds for sample in samples]
    errors = sum(not sample.ok for sample in samples)
    return (
        f"{len(samples):>8} {len(samples) / wall:>8.1f} {statistics.median(times) * 1000:>8.0f} "
        f"{percentile(times, 0.95) * 1000:>8.0f} {max(times) * 1000:>8.0f} {errors:>6}"
    )


def bench_database(label, environment, urls, args, log_path):
    by_kind = url_mix(urls)
    kinds = list(WEIGHTS)
    weights = [WEIGHTS[kind] for kind in kinds]
    stylesheet = urls["stylesheet"]

    def mixed(rng):
        kind = rng.choices(kinds, weights)[0]
        return kind, rng.choice(by_kind[kind])

    def baseline(rng):
        return "baseline", stylesheet

    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n== {label}: gunicorn, {args.workers} sync workers (load average before: {load})")
    server = Server(environment, args.workers, log_path)
    try:
        server.wait_until_ready(stylesheet)
        # Every URL twice, as many at a time as there are workers, so that each worker has imported
        # and connected before the figures start; and every URL must answer.
        every_url = [path for paths in by_kind.values() for path in paths] * 2
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            for path, (status, _size) in zip(
                every_url, pool.map(lambda path: fetch(server.port, path), every_url), strict=True
            ):
                if status != 200:
                    sys.exit(f"{path} answered {status} before the run; the site is not serving the demo.")

        print(f"one client, {args.alone} requests of each kind alone (ms):")
        print(f"  {'kind':<10} {'p50':>8} {'p95':>8} {'max':>8}")
        for kind in ["baseline", *kinds]:
            paths = [stylesheet] if kind == "baseline" else by_kind[kind]
            times = []
            for index in range(args.alone):
                started = time.perf_counter()
                fetch(server.port, paths[index % len(paths)])
                times.append(time.perf_counter() - started)
            print(
                f"  {kind:<10} {statistics.median(times) * 1000:>8.1f} "
                f"{percentile(times, 0.95) * 1000:>8.1f} {max(times) * 1000:>8.1f}"
            )

        print(f"concurrent clients, {args.seconds:g} s per level (latency in ms):")
        print(
            f"  {'clients':>7} {'what':<9} {'requests':>8} {'req/s':>8} {'p50':>8} {'p95':>8} {'max':>8} {'errors':>6}"
        )
        for concurrency in args.concurrency:
            rates, medians = {}, {}
            for name, choose, seconds in (("baseline", baseline, args.baseline_seconds), ("mix", mixed, args.seconds)):
                samples, wall = drive(server.port, choose, concurrency, seconds)
                print(f"  {concurrency:>7} {name:<9} {summary(samples, wall)}", flush=True)
                rates[name] = len(samples) / wall
                medians[name] = statistics.median(sample.seconds for sample in samples)
                if name == "mix" and concurrency == args.concurrency[-1]:
                    last_mix = samples
            print(
                f"  {'':>7} mix against the baseline: {rates['mix'] / rates['baseline']:.3f} × its req/s, "
                f"{medians['mix'] / medians['baseline']:.0f} × its p50"
            )
        print(f"the mix at {args.concurrency[-1]} clients, by kind (ms):")
        print(f"  {'kind':<10} {'requests':>8} {'p50':>8} {'p95':>8} {'max':>8} {'errors':>6}")
        for kind in kinds:
            times = [sample.seconds for sample in last_mix if sample.kind == kind]
            errors = sum(not sample.ok for sample in last_mix if sample.kind == kind)
            if times:
                print(
                    f"  {kind:<10} {len(times):>8} {statistics.median(times) * 1000:>8.0f} "
                    f"{percentile(times, 0.95) * 1000:>8.0f} {max(times) * 1000:>8.0f} {errors:>6}"
                )
    finally:
        server.stop()


def source_description():
    """The commit the code comes from, and whether the working tree differs from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"{REPO} (not a git checkout)"
    return f"{REPO}, commit {commit}" + (" with uncommitted changes" if changed else "")


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def numbers(text):
    return [int(part) for part in text.split(",") if part.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both, comma-separated.")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
    parser.add_argument("--concurrency", type=numbers, default=[8, 16, 32], help="Concurrent clients per level.")
    parser.add_argument("--seconds", type=float, default=10, help="Seconds of the URL mix per level.")
    parser.add_argument("--baseline-seconds", type=float, default=4, help="Seconds of the baseline per level.")
    parser.add_argument("--alone", type=int, default=20, help="Requests of each kind with one client.")
    parser.add_argument("--postgres-name", default="gk_load", help="Throwaway PostgreSQL database (dropped).")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder (databases, logs).")
    args = parser.parse_args()
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    if not shutil.which("gunicorn", path=str(BIN)):
        sys.exit(f"gunicorn is not installed in {BIN}: pip install -e '.[example]'")

    work = Path(tempfile.mkdtemp(prefix="gk-load-"))
    print(f"{' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"code: {source_description()}")
    print(
        f"machine: {os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}; "
        f"clients and server on the same machine"
    )
    print("site: example_site, config.production, the demo (load_demo); no Redis, no Elasticsearch")
    print("mix weights: " + ", ".join(f"{kind} {weight}" for kind, weight in WEIGHTS.items()))
    print("baseline: the site's stylesheet, served by WhiteNoise through the same workers")
    try:
        for index, database in enumerate(databases):
            if database == "postgres":
                recreate_postgres_database(args.postgres_name)
                url, label = POSTGRES_URL.format(name=args.postgres_name), "PostgreSQL"
            elif database == "sqlite":
                url, label = f"sqlite:///{work / 'site.sqlite3'}", "SQLite"
            else:
                sys.exit(f"Unknown database {database!r}: sqlite or postgres.")
            environment = site_environment(work, url)
            started = time.perf_counter()
            urls = build_site(environment, collect_static=index == 0)
            print(f"\n{label}: demo built in {time.perf_counter() - started:.0f} s", flush=True)
            try:
                bench_database(label, environment, urls, args, work / f"gunicorn-{database}.log")
            finally:
                if database == "postgres":
                    recreate_postgres_database(args.postgres_name, drop_only=True)
    finally:
        if args.keep:
            print(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
