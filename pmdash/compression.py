"""Compressed responses for browsers that ask (``Accept-Encoding: gzip``).

Streamlit serves its JavaScript and CSS (``/static/…``, about 3 MB on a cold load)
and the page itself uncompressed: it compresses nothing there, on purpose, because
gzipping megabytes on every request costs time and memory. This middleware gzips
those files once, keeps the result in memory (keyed by path and ``ETag``) and
serves it to every later browser; everything else goes through Starlette's
``GZipMiddleware``. Images, fonts and websockets pass untouched.
"""

from __future__ import annotations

import gzip
from collections import OrderedDict
from typing import Final

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMPRESSIBLE: Final = (".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt", ".map")
LEVEL: Final = 6
CACHED_FILES: Final = 128


class Compression:
    """ASGI middleware: cached gzip for static text files, on-the-fly gzip for the rest."""

    def __init__(self, app: ASGIApp, minimum_size: int = 500) -> None:
        self.app = app
        self.dynamic = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=LEVEL)
        self.cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "gzip" not in Headers(scope=scope).get("accept-encoding", ""):
            await self.app(scope, receive, send)
        elif scope["method"] == "GET" and _static_text(scope["path"]):
            await self._static(scope, receive, send)
        else:
            await self.dynamic(scope, receive, send)

    async def _static(self, scope: Scope, receive: Receive, send: Send) -> None:
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        # The whole file, always: a byte range of the plain file must never be spliced
        # onto a compressed copy (Chrome resumes a cut-off download with a Range request).
        whole = [(k, v) for k, v in scope["headers"] if k.lower() not in (b"range", b"if-range")]
        await self.app({**scope, "headers": whole}, receive, keep)
        start = messages[0] if messages else None
        headers = Headers(raw=start["headers"]) if start else Headers()
        if start is None or start["status"] != 200 or "content-encoding" in headers:
            for message in messages:
                await send(message)
            return
        body = b"".join(m.get("body", b"") for m in messages[1:])
        if not _complete(messages, body, headers):
            # The browser went away mid-file and the file response stopped: never keep
            # (or serve) a cut-off copy. The browser that left reads nothing anyway.
            return
        key = (scope["path"], headers.get("etag") or str(len(body)))
        packed = self.cache.get(key)
        if packed is None:
            packed = await anyio.to_thread.run_sync(gzip.compress, body, LEVEL)
            self.cache[key] = packed
            while len(self.cache) > CACHED_FILES:
                self.cache.popitem(last=False)
        out = MutableHeaders(raw=list(start["headers"]))
        del out["accept-ranges"]  # ranges of the compressed copy are not offered
        out["content-encoding"] = "gzip"
        out["content-length"] = str(len(packed))
        out.add_vary_header("Accept-Encoding")
        await send({**start, "headers": out.raw})
        await send({"type": "http.response.body", "body": packed})


def _static_text(path: str) -> bool:
    return "/static/" in path and path.endswith(COMPRESSIBLE)


def _complete(messages: list[Message], body: bytes, headers: Headers) -> bool:
    """Whether the inner app sent the whole file: a final body message, every byte."""
    ended = len(messages) > 1 and not messages[-1].get("more_body", False)
    length = headers.get("content-length")
    return ended and (length is None or int(length) == len(body))
