"""The robustness self-test: one line a figure, as issue 6 asks.

    python -m tests.selftest                 # everything (about half an hour)
    python -m tests.selftest --urls 100 --sessions 5 --seconds 20   # a quicker look

bad files  tried / clear errors / tracebacks / state changed  (CLI validate, CLI import, /data upload)
hostile uploads  tried / refused / peak memory / slowest     (small files asking for unbounded work, each in a fresh process)
urls       tried / exceptions / unreported / injected          (every page, through the router)
saves      attempted / stored                                  (concurrent processes, one database)
markets lost under concurrent bucket imports                   (6 processes, one moto S3 bucket)
sessions   sessions / errors / p95 latency / memory growth     (websocket sessions + 1 browser, one app process)
markup injected   links, images, colours or bidi flips made from hostile text  (AppTest, every page and panel)
external requests requests to any host but the app's                           (Chromium, every page, hostile data)

Exits 1 when any line shows a failure.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from pmdash.cli import app as cli
from tests.conftest import ROOT, snapshot
from tests.corpus.hostile import hostile_cases, measure
from tests.corpus.make_corpus import BAD, big_cases
from tests.load.save_workers import save_many

UPLOAD_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/octet-stream",
    ".parquet": "application/octet-stream",
}


def private_data(work: Path) -> Path:
    target = work / "data"
    shutil.copytree(
        ROOT / "data", target, ignore=shutil.ignore_patterns("sources", ".lock", "*.db")
    )
    return target


def bad_files(work: Path) -> tuple[int, int, int, int]:
    """Every corpus file through validate, import and the /data page upload."""
    from streamlit.testing.v1 import AppTest

    data = private_data(work)
    os.environ["PMDASH_DATA_DIR"] = str(data)
    files = sorted(p for p in BAD.iterdir() if p.suffix in UPLOAD_TYPES)
    files += [path for path, _ in big_cases(work / "big").values()]
    files += [path for path, _ in hostile_cases(work / "hostile").values()]
    tried = clear = tracebacks = changed = 0
    before = snapshot(data)
    runner = CliRunner()
    for path in files:
        for args in (["validate", str(path)], ["import", str(path), "--data-dir", str(data)]):
            tried += 1
            result = runner.invoke(cli, args)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                tracebacks += 1
            elif result.exit_code == 1 and path.name in result.stderr:
                clear += 1
        if path.stat().st_size > 25 * 1024 * 1024:
            continue  # larger than Streamlit's own upload cap: the browser refuses it first
        tried += 1
        os.environ["PMDASH_DEFAULT_PAGE"] = "data"
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        at.file_uploader(key="upload_0").set_value(
            (path.name, path.read_bytes(), UPLOAD_TYPES[path.suffix])
        ).run()
        if at.exception:
            tracebacks += 1
        elif any(
            path.name in e.value.replace("\\", "") and "cannot be imported" in e.value
            for e in at.error
        ):
            clear += 1
    if snapshot(data) != before:
        changed = 1
    return tried, clear, tracebacks, changed


def hostile_uploads(work: Path) -> tuple[int, int, float, float]:
    """Each hostile file read in a child process: refused with its message, at what cost."""
    tried = refused = 0
    peak_mb = slowest = 0.0
    for name, (path, fragment) in hostile_cases(work / "hostile").items():
        tried += 1
        upload = measure(path)
        if any(name in m and fragment in m for m in upload.messages):
            refused += 1
        else:
            print(f"  {name}: {upload.messages[:1]}")
        peak_mb, slowest = max(peak_mb, upload.peak_mb), max(slowest, upload.seconds)
    return tried, refused, peak_mb, slowest


def urls(count: int) -> tuple[int, int, int, int]:
    from tests.fuzz_urls import PAGE_PATHS, fuzz_page

    tried = exceptions = unreported = injected = 0
    for page in PAGE_PATHS:
        result = fuzz_page(page, count)
        tried, exceptions, unreported, injected = (
            tried + result.tried, exceptions + result.exceptions, unreported + result.unreported,
            injected + result.injected,
        )  # fmt: skip
        if result.first_failure:
            print(f"  {page}: {result.first_failure[:200]}")
    return tried, exceptions, unreported, injected


def saves(url: str, processes: int = 5, each: int = 10) -> tuple[int, int]:
    from pmdash.scenario_store import ScenarioStore

    before = len(ScenarioStore(url).list("personalized-medicine"))
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=save_many, args=(url, w, each)) for w in range(processes)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
        if w.exitcode:
            print(f"  a saving process failed with exit code {w.exitcode}")
    stored = len(ScenarioStore(url).list("personalized-medicine")) - before
    return processes * each, stored


def bucket_imports(count: int = 6) -> int:
    """Markets lost when ``count`` processes import into one moto bucket at the same moment."""
    import socket
    import uuid

    import boto3
    from moto.server import ThreadedMotoServer

    from tests.load.import_workers import markets_lost

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        os.environ.setdefault(name, value)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        bucket = f"selftest-{uuid.uuid4().hex[:8]}"
        boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
        return markets_lost(f"s3://{bucket}/team", endpoint, count)
    finally:
        server.stop()


def sessions(count: int, seconds: float) -> str:
    """The load test (tests.load.load_sessions): its summary, memory trail and errors."""
    command = [
        sys.executable,
        "-m",
        "tests.load.load_sessions",
        "--sessions",
        str(count),
        "--seconds",
        str(seconds),
    ]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=seconds * 10 + 600
    )
    lines = result.stdout.strip().splitlines() or [result.stderr.strip()[-300:]]
    return "\n".join(lines)  # the figures, then one line per session error


def markup(work: Path) -> tuple[int, int]:
    """Every page, panel and crafted link on the hostile market (tests.markup): views, injections."""
    from pmdash.io import read_bundle
    from tests.conftest import SEED_BUNDLE
    from tests.markup import markup_injected, store_hostile

    names = ("PMDASH_DATA_DIR", "PMDASH_DATABASE_URL", "PMDASH_DEFAULT_PAGE")
    saved = {name: os.environ.get(name) for name in names}
    data = private_data(work / "markup")
    os.environ["PMDASH_DATA_DIR"] = str(data)
    os.environ["PMDASH_DATABASE_URL"] = f"sqlite:///{work / 'markup' / 'scenarios.db'}"
    try:
        store_hostile(data, os.environ["PMDASH_DATABASE_URL"], read_bundle(SEED_BUNDLE))
        views, injections, first = markup_injected()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    for line in first:
        print(f"  {line[:200]}")
    return views, injections


def external_requests(work: Path) -> tuple[int, int, int]:
    """Every page in Chromium on the hostile market (tests.e2e.hostile_browser):
    pages, requests to another host, links or images leading away from the app."""
    from tests.e2e.hostile_browser import view_every_page

    (work / "browser").mkdir()
    views = view_every_page(work / "browser")
    for request in [*views.image_requests, *views.foreign_requests][:5]:
        print(f"  {request[:200]}")
    return views.pages, views.external_requests, len(views.foreign_links)


def main() -> int:
    parser = argparse.ArgumentParser(description="pmdash robustness self-test")
    parser.add_argument("--urls", type=int, default=1000, help="query strings a page")
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    os.environ["PMDASH_DEBUG"] = "1"
    os.environ["PMDASH_LOG_LEVEL"] = "WARNING"
    failed = False
    with tempfile.TemporaryDirectory(prefix="pmdash-selftest-") as tmp:
        work = Path(tmp)
        tried, clear, tracebacks, changed = bad_files(work)
        print(
            f"bad files: tried {tried} / clear errors {clear} / tracebacks {tracebacks} / state changed {changed}",
            flush=True,
        )
        failed |= clear != tried or tracebacks > 0 or changed > 0
        tried, refused, peak_mb, slowest = hostile_uploads(work)
        print(
            f"hostile uploads: tried {tried} / refused {refused} / "
            f"peak memory {peak_mb:.0f} MB / slowest {slowest:.2f} s",
            flush=True,
        )
        failed |= refused != tried or peak_mb > 64 or slowest > 2
        tried, exceptions, unreported, injected = urls(args.urls)
        print(
            f"urls: tried {tried} / exceptions {exceptions} / unreported {unreported} / injected {injected}",
            flush=True,
        )
        failed |= exceptions > 0 or unreported > 0 or injected > 0
        for label, url in (
            ("sqlite", f"sqlite:///{work / 'saves.db'}"),
            ("postgresql", os.environ.get("PMDASH_TEST_POSTGRES_URL", "")),
        ):
            if not url:
                print(f"saves ({label}): skipped (set PMDASH_TEST_POSTGRES_URL)")
                continue
            attempted, stored = saves(url)
            print(f"saves ({label}): attempted {attempted} / stored {stored}", flush=True)
            failed |= attempted != stored
        lost = bucket_imports()
        print(f"markets lost under concurrent bucket imports: {lost}", flush=True)
        failed |= lost > 0
        views, injections = markup(work)
        print(f"markup injected: {injections} (views {views})", flush=True)
        failed |= injections > 0
        pages, requests, links = external_requests(work)
        print(f"external requests: {requests} (pages {pages}, foreign links {links})", flush=True)
        failed |= requests > 0 or links > 0
        line = sessions(args.sessions, args.seconds)
        print(line)
        failed |= " / errors 0 / " not in line.splitlines()[0]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
