"""Recorded answers replayed to the real SourceClient through httpx.MockTransport: each route
answers the requests whose query holds the given parameters, and every request is kept so a
test can say what was (and was not) asked."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Route:
    path: str
    params: dict[str, str]
    body: bytes
    status: int


@dataclass
class Replay:
    folder: str
    routes: list[Route] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    def answer(self, path: str, fixture: str, *, status: int = 200, **params: Any) -> None:
        """Answer requests to a URL ending in `path` whose query has `params` with `fixture`
        (a file of this folder), taking the first route that fits."""
        body = (FIXTURES / self.folder / fixture).read_bytes()
        self.answer_body(path, body, status=status, **params)

    def answer_body(self, path: str, body: bytes, *, status: int = 200, **params: Any) -> None:
        wanted = {name: str(value) for name, value in params.items()}
        self.routes.append(Route(path, wanted, body, status))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def asked(self, **params: Any) -> list[httpx.Request]:
        """The requests sent whose query has `params`."""
        return [request for request in self.requests if _has(request, params)]

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for route in self.routes:
            if request.url.path.endswith(route.path) and _has(request, route.params):
                return httpx.Response(route.status, content=route.body)
        raise AssertionError(f"no recorded answer for {request.url}")


def fixture_json(folder: str, name: str) -> Any:
    return json.loads((FIXTURES / folder / name).read_text(encoding="utf-8"))


def _has(request: httpx.Request, params: dict[str, Any]) -> bool:
    return all(request.url.params.get(name) == str(value) for name, value in params.items())
