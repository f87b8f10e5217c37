"""One GET straight through an ASGI app, no HTTP client or server: what the header,
health and compression tests send, and everything the app answers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.types import ASGIApp, Message


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]  # names lower-cased, in the order sent
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name.lower()), None)


def get(app: ASGIApp, path: str, headers: list[tuple[bytes, bytes]] | None = None) -> Answer:
    """``GET path``. The client sends its one request, then only disconnects: a receive
    that kept answering ``http.request`` would make Starlette's file responses, which
    wait for the disconnect, spin for ever."""
    sent: list[Message] = []
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"},
             "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": headers or [], "http_version": "1.1", "scheme": "http",
             "server": ("test", 80), "client": ("test", 1), "root_path": ""}  # fmt: skip
    requests = iter([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> Message:
        return next(requests, {"type": "http.disconnect"})

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return Answer(
        status=int(start["status"]),
        headers=[(k.decode().lower(), v.decode()) for k, v in start["headers"]],
        body=b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"),
    )
