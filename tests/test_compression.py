"""Text goes out gzipped to browsers that ask; Streamlit's static files once, from a cache."""

from __future__ import annotations

import asyncio
import gzip
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from pmdash.compression import Compression
from tests import asgi

SCRIPT = b"export const x = 1;\n" * 400


class StaticFiles:
    """A stand-in for Streamlit's static route: counts how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        kind = b"image/png" if scope["path"].endswith(".png") else b"text/javascript"
        headers = [(b"content-type", kind), (b"content-length", str(len(SCRIPT)).encode()),
                   (b"etag", b'"v1"'), (b"accept-ranges", b"bytes")]  # fmt: skip
        if any(k == b"range" for k, _ in scope["headers"]):  # as Starlette's FileResponse
            await send({"type": "http.response.start", "status": 206, "headers": headers})
            await send({"type": "http.response.body", "body": SCRIPT[100:200]})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": SCRIPT})


def _get(
    app: Any,
    path: str,
    accept: str = "gzip, deflate, br",
    extra: tuple[tuple[bytes, bytes], ...] = (),
) -> tuple[dict[str, str], bytes]:
    headers = [*([(b"accept-encoding", accept.encode())] if accept else []), *extra]
    answer = asgi.get(app, path, headers)
    return dict(answer.headers), answer.body


def test_static_javascript_is_gzipped_for_a_browser_that_asks() -> None:
    app = Compression(StaticFiles())
    headers, body = _get(app, "/static/js/index.js")
    assert headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]
    assert int(headers["content-length"]) == len(body) < len(SCRIPT) / 10
    assert gzip.decompress(body) == SCRIPT


def test_a_static_file_is_compressed_once_and_served_from_the_cache() -> None:
    app = Compression(StaticFiles())
    first = _get(app, "/static/js/index.js")[1]
    assert _get(app, "/static/js/index.js")[1] == first
    assert len(app.cache) == 1


def test_a_browser_that_does_not_ask_gets_the_plain_file() -> None:
    headers, body = _get(Compression(StaticFiles()), "/static/js/index.js", accept="")
    assert "content-encoding" not in headers and body == SCRIPT


def test_images_are_left_alone() -> None:
    headers, body = _get(Compression(StaticFiles()), "/static/media/logo.png")
    assert "content-encoding" not in headers and body == SCRIPT


def test_other_text_is_gzipped_on_the_fly() -> None:
    headers, body = _get(Compression(StaticFiles()), "/")
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == SCRIPT


def test_a_range_request_gets_the_whole_compressed_file_and_no_ranges_are_offered() -> None:
    # Chrome resumes a cut-off download with Range; a plain byte range spliced onto a
    # compressed copy broke a script module in the browser tests.
    ranged = ((b"range", b"bytes=100-199"), (b"if-range", b'"v1"'))
    headers, body = _get(Compression(StaticFiles()), "/static/js/index.js", extra=ranged)
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == SCRIPT
    assert "accept-ranges" not in headers


class CutOff(StaticFiles):
    """A file response that stops half-way, as Starlette's does when the browser leaves."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        headers = [(b"content-type", b"text/javascript"),
                   (b"content-length", str(len(SCRIPT)).encode()), (b"etag", b'"v1"')]  # fmt: skip
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": SCRIPT[:100], "more_body": True})


def test_a_file_cut_off_mid_way_is_never_cached() -> None:
    # An empty copy served from the cache made a script module without its exports.
    app = Compression(CutOff())
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/static/js/a.js", "query_string": b"",
             "root_path": "", "headers": [(b"accept-encoding", b"gzip")]}  # fmt: skip
    asyncio.run(app(scope, receive, send))
    assert app.cache == {} and sent == []
