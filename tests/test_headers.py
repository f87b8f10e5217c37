"""Security headers: the policy, the middleware on every response, and the nginx template."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import FileResponse, PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message

from pmdash import server

ROOT = Path(__file__).resolve().parents[1]
NGINX = ROOT / "deploy" / "nginx.conf.template"


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def _get(app: ASGIApp, path: str) -> list[tuple[str, str]]:
    """The response headers of ``GET path``, straight through ASGI (no HTTP client needed).

    The client sends its one request, then only disconnects: a receive that kept
    answering ``http.request`` would make Starlette's file responses, which wait
    for the disconnect, spin for ever.
    """
    sent: list[Message] = []
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"},
             "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": b"", "headers": [], "http_version": "1.1", "scheme": "http",
             "server": ("test", 80), "client": ("test", 1), "root_path": ""}  # fmt: skip
    requests = iter([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> Message:
        return next(requests, {"type": "http.disconnect"})

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return [(k.decode().lower(), v.decode()) for k, v in start["headers"]]


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
