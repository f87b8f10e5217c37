"""The replicated set-up, end to end on loopback: two replicas behind nginx.

``python deploy/run_replicas.py`` starts the replicas (sharing the PostgreSQL of
``PMDASH_TEST_POSTGRES_URL`` and one data folder) and nginx; a browser pinned to
replica A (by the affinity cookie, through nginx, with basic auth) imports a
market and saves a scenario, and a browser pinned to replica B sees both.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pmdash.io import read_bundle
from pmdash.server import HEALTH_TOKEN_HEADER

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "pmdash" / "sample" / "sample-market.csv"
CHROMIUM = os.environ.get("PMDASH_CHROMIUM", "/usr/bin/chromium")
POSTGRES = os.environ.get("PMDASH_TEST_POSTGRES_URL")

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.xdist_group("postgres"),  # one database for every test (see test_scenario_store)
    pytest.mark.skipif(not POSTGRES, reason="PMDASH_TEST_POSTGRES_URL is not set"),
    pytest.mark.skipif(
        not (Path("/usr/sbin/nginx").exists() and Path("/usr/bin/htpasswd").exists()),
        reason="needs nginx and apache2-utils (apt-get install nginx apache2-utils)",
    ),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@dataclass(frozen=True)
class Deployment:
    url: str
    user: str
    password: str
    replicas: list[str]
    process: subprocess.Popen[str]
    health_token: str

    def get(
        self, path: str, cookie: str | None = None, auth: bool = True, details: bool = False
    ) -> tuple[int, str]:
        """GET through nginx; ``details`` sends the health token (``/health``'s details)."""
        request = urllib.request.Request(self.url + path)
        if auth:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        if details:
            request.add_header(HEALTH_TOKEN_HEADER, self.health_token)
        if cookie:
            request.add_header("Cookie", f"pmdash_replica={cookie}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def replica_for(self, cookie: str) -> str:
        status, body = self.get("/health", cookie=cookie, details=True)
        assert status == 200, body
        return str(json.loads(body)["replica"])


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    data = tmp_path_factory.mktemp("shared") / "data"
    command = [
        sys.executable, str(ROOT / "deploy" / "run_replicas.py"), "--replicas", "2",
        "--port", "0", "--data-dir", str(data), "--database-url", str(POSTGRES),
        "--password", "open-sesame",
    ]  # fmt: skip
    _copy_shipped_data(data)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.wait(timeout=30)
        pytest.fail(f"run_replicas.py exited with {process.returncode} before it was ready")
    ready: dict[str, Any] = json.loads(line)
    deployment = Deployment(
        ready["url"], ready["user"], ready["password"], ready["replicas"], process,
        ready["health_token"],
    )  # fmt: skip
    try:
        yield deployment
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def pinned(deployment: Deployment) -> dict[str, str]:
    """An affinity cookie value for each replica ('a' and 'b'), found through nginx."""
    by_replica: dict[str, str] = {}
    for n in range(200):
        by_replica.setdefault(deployment.replica_for(f"probe-{n}"), f"probe-{n}")
        if len(by_replica) == 2:
            break
    assert len(by_replica) == 2, "nginx sent every affinity cookie to one replica"
    first, second = sorted(by_replica.values())
    return {"a": first, "b": second}


def _copy_shipped_data(target: Path) -> None:
    import shutil

    shutil.copytree(
        ROOT / "data", target, ignore=shutil.ignore_patterns("sources", ".lock", "*.db")
    )


def _page(browser: Any, deployment: Deployment, cookie: str) -> Any:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        http_credentials={"username": deployment.user, "password": deployment.password},
    )
    context.add_cookies([{"name": "pmdash_replica", "value": cookie, "url": deployment.url}])
    return context.new_page()


def _settled(page: Any) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')""", timeout=60_000
    )


def test_every_request_needs_the_password(deployment: Deployment) -> None:
    for path in ("/", "/health", "/_stcore/health", "/scenarios"):
        assert deployment.get(path, auth=False)[0] == 401
    status, body = deployment.get("/health", details=True)
    assert status == 200
    assert json.loads(body)["database"]["dialect"] == "postgresql"


def test_health_details_need_the_replicas_health_token(deployment: Deployment) -> None:
    assert len(deployment.health_token) >= 16
    status, body = deployment.get("/health")
    assert (status, json.loads(body)) == (200, {"status": "ok"})


def test_one_affinity_cookie_always_reaches_the_same_replica(
    deployment: Deployment, pinned: dict[str, str]
) -> None:
    replica = deployment.replica_for(pinned["a"])
    assert {deployment.replica_for(pinned["a"]) for _ in range(10)} == {replica}
    assert deployment.replica_for(pinned["b"]) != replica


def test_a_market_imported_through_one_replica_shows_in_the_other(
    deployment: Deployment, pinned: dict[str, str], browser: Any
) -> None:
    sample = read_bundle(SAMPLE)
    first = _page(browser, deployment, pinned["b"])
    first.goto(deployment.url + "/")
    _settled(first)  # replica B has served (and cached) the market list before the import

    page = _page(browser, deployment, pinned["a"])
    page.goto(deployment.url + "/data")
    _settled(page)
    page.locator('input[type="file"]').set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Import").click()
    page.get_by_text(f"Imported {sample.meta.name}").wait_for(timeout=60_000)

    first.goto(f"{deployment.url}/?market={sample.id}")  # one rerun on replica B
    _settled(first)
    assert first.get_by_text("There is no market").count() == 0
    first.get_by_text(sample.meta.name).first.wait_for(timeout=30_000)
    for page_ in (first, page):
        page_.context.close()


def test_a_scenario_saved_through_one_replica_is_listed_by_the_other(
    deployment: Deployment, pinned: dict[str, str], browser: Any
) -> None:
    name = f"Cross-replica {os.getpid()}"
    page = _page(browser, deployment, pinned["a"])
    page.goto(deployment.url + "/scenarios")
    _settled(page)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Your name").fill("Replica A")
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text(f"Saved {name}").wait_for(timeout=30_000)

    other = _page(browser, deployment, pinned["b"])
    other.goto(deployment.url + "/scenarios")
    _settled(other)
    other.get_by_text("Saved scenarios").wait_for(timeout=30_000)
    other.locator('[role="gridcell"]', has_text=name).first.wait_for(
        state="attached", timeout=30_000
    )  # the grid draws on a canvas; its cells are in the DOM for screen readers
    _, body = deployment.get("/health", cookie=pinned["b"], details=True)
    assert json.loads(body)["database"]["scenarios"] >= 1
    for page_ in (page, other):
        page_.context.close()


def test_stopping_the_launcher_stops_everything(deployment: Deployment) -> None:
    ports = [int(url.rsplit(":", 1)[1]) for url in (deployment.url, *deployment.replicas)]
    deployment.process.send_signal(signal.SIGTERM)
    assert deployment.process.wait(timeout=60) == 0
    for port in ports:
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still answers"
