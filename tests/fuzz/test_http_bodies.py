"""Generated HTTP requests to every endpoint: JSON with wrong types, NaN and infinities, broken and oversized
bodies, awkward forms and queries, with and without an officer's session. No answer is a server error, a body
over the limit is refused with 413, every JSON error is in the one shape and never gives back personal data."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import given, note

from assistant.runtime import Runtime
from tests.fuzz.checks import response_problem
from tests.fuzz.conftest import DECOY, Known, Staff, bounded
from tests.fuzz.strategies import Request, http_requests

EXAMPLES = 400


def send(client: TestClient, request: Request, staff: Staff) -> tuple[int, dict[str, str], bytes]:
    """``request`` through the test client, with the officer's session when it asks for one."""
    headers = dict(request.headers) | (staff.officer if request.officer else {})
    response = client.request(request.method, request.path, content=request.body, headers=headers)
    client.cookies.clear()  # a login the fuzzer got right must not carry over to the next request
    return response.status_code, dict(response.headers), response.content


def test_every_http_request_is_answered_without_a_server_error(
    fuzz_client: TestClient, fuzz_runtime: Runtime, staff: Staff, known: Known
) -> None:
    limit = fuzz_runtime.settings.http.max_body_bytes
    statuses: set[int] = set()

    @bounded(EXAMPLES)
    @given(http_requests(known.sessions, known.conversations, known.requests, (DECOY,)))
    def exchange(request: Request) -> None:
        note(f"sent {request!r}")
        status, headers, body = send(fuzz_client, request, staff)
        statuses.add(status)
        problem = response_problem(request, status, headers, body, limit)
        if problem is not None:
            raise problem

    exchange()
    assert {200, 422} <= statuses  # the run reached the endpoints' answers and their refusals
    assert fuzz_client.get("/healthz").json()["status"] == "ok"
