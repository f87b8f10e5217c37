"""Security headers: the policy, the middleware on every response, and the nginx template."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import FileResponse, PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from pmdash import server
from tests import asgi

ROOT = Path(__file__).resolve().parents[1]
NGINX = ROOT / "deploy" / "nginx.conf.template"


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def _get(app: ASGIApp, path: str) -> list[tuple[str, str]]:
    """The response headers of ``GET path``."""
    return asgi.get(app, path).headers


def _app() -> ASGIApp:
    def page(_request: object) -> PlainTextResponse:
        # A route that sets one of the headers itself: replaced, never doubled.
        return PlainTextResponse("page", headers={"X-Frame-Options": "ALLOWALL"})

    def asset(_request: object) -> FileResponse:
        return FileResponse(ROOT / "pmdash" / "sample" / "sample-market.csv")

    return Starlette(
        routes=[Route("/data", page), Route("/static/x.csv", asset)],
        middleware=server.middleware(),
    )


def test_the_policy_allows_this_origin_only() -> None:
    directives = _directives(server.content_security_policy())
    hosts = [s for sources in directives.values() for s in sources if not s.startswith("'")]
    assert set(hosts) <= {"data:", "blob:"}  # no remote host, no scheme-wide http:/https:
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


def test_streamlits_inline_script_is_allowed_by_its_hash() -> None:
    html = "<head><script>\n  window.prerenderReady = false\n</script></head>"
    policy = _directives(server.content_security_policy(html))
    assert policy["script-src"][-1] == "'sha256-4u1OPAdtCr8+M1HRaukHjIcJ16zKttM2uTopyOMkJqA='"


def test_the_installed_streamlit_index_has_its_inline_scripts_hashed() -> None:
    policy = _directives(server.content_security_policy())
    assert any(source.startswith("'sha256-") for source in policy["script-src"])


def test_every_response_gets_the_headers_once() -> None:
    app = _app()
    for path in ("/data", "/static/x.csv", "/missing"):
        headers = _get(app, path)
        for name, value in server.security_headers().items():
            assert [v for k, v in headers if k == name.lower()] == [value], (path, name)


def test_the_nginx_template_sends_the_same_headers_as_the_app() -> None:
    template = NGINX.read_text(encoding="utf-8")
    sent = dict(re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', template, re.M))
    for name, value in server.security_headers().items():
        assert sent.get(name) == value, f"{NGINX.name}: add_header {name} differs from the app's"
        assert re.search(rf"^\s*proxy_hide_header\s+{name};", template, re.M), name


NGINX_BIN = Path("/usr/sbin/nginx")


def _write_nginx_conf(run_dir: Path) -> Path:
    """The template filled in as deploy/run_replicas.py fills it for its nginx."""
    spec = importlib.util.spec_from_file_location(
        "run_replicas", ROOT / "deploy" / "run_replicas.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    # nginx -t binds no port, so any will do.
    conf: Path = module.write_nginx_conf(run_dir, "127.0.0.1:8080", [8501, 8502], 20)
    return conf


@pytest.mark.skipif(not NGINX_BIN.exists(), reason="needs nginx (apt-get install nginx)")
def test_the_rendered_nginx_template_passes_nginx_t(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "htpasswd").write_text("", encoding="utf-8")
    conf = _write_nginx_conf(run_dir)
    checked = subprocess.run(
        [str(NGINX_BIN), "-t", "-p", str(run_dir), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr
