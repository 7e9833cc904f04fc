"""Schemathesis over the app's own OpenAPI schema: requests built from each operation's schema, valid and not,
sent to the app served by uvicorn on loopback, with an officer's session on the compliance routes. No answer is a server error, data that
breaks the schema is refused, and every JSON error is in the one shape without personal data in it.

FastAPI documents a 422 as its own list of validation errors; Comptoir answers every error with
``{"detail": {"code", "message"}}``, so answers are held to that shape (``one_error_shape``) rather than to the
documented one, and statuses the schema does not list (401, 403, 404, 409, 413, 429) are legitimate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection

from assistant.runtime import Runtime
from assistant.web.app import create_app
from tests.app import served
from tests.fuzz.checks import response_problem
from tests.fuzz.conftest import Staff, bounded
from tests.fuzz.strategies import Request

EXAMPLES = 25
"""Generated cases per operation, beside Schemathesis's boundary cases (the coverage phase)."""


schema = schemathesis.openapi.from_dict(create_app().openapi())
"""The schema the app serves at ``/openapi.json`` (made from its routes; nothing is loaded)."""


@pytest.fixture(scope="module")
def base_url(fuzz_runtime: Runtime, staff: Staff) -> Iterator[str]:
    """The app over the fuzzers' runtime, served on loopback (its staff logged in first)."""
    with served(fuzz_runtime) as url:
        yield url


def one_error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """An error answer is in the one shape and gives back no personal data; a 429 says when to come back."""
    body = response.request.body or b""
    request = Request(case.method.upper(), case.path, body.encode() if isinstance(body, str) else body)
    request = Request(request.method, request.path, request.body, source=request.body.decode("utf-8", "replace"))
    headers = {name: ", ".join(values) for name, values in response.headers.items()}
    problem = response_problem(request, response.status_code, headers, response.content)
    if problem is not None:
        raise problem
    return None


@schema.parametrize()
@bounded(EXAMPLES)
def test_the_api_answers_what_its_schema_allows_and_refuses_the_rest(case: Any, base_url: str, staff: Staff) -> None:
    headers = staff.officer if case.path.startswith("/compliance") else {}
    response = case.call(base_url=base_url, headers=headers)
    case.validate_response(
        response, checks=[not_a_server_error, negative_data_rejection], additional_checks=[one_error_shape]
    )
