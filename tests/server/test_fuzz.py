"""Schema-driven fuzzing (schemathesis) of every endpoint in /openapi.json, in-process: no 5xx, and every
response matches the documented schema. Bounded examples keep it inside the suite's time budget."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from fieldapp.server import admin
from fieldapp.server.app import create_app
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext

EXAMPLES = int(os.environ.get("FIELDAPP_FUZZ_EXAMPLES", "25"))


@pytest.fixture
def fuzz_server(tmp_path: Path, database_url: str | None) -> Iterator[tuple[ServerContext, dict[str, str]]]:
    ctx = ServerContext.open(ServerConfig(data_dir=tmp_path / "fuzz", database_url=database_url))
    admin.demo_seed(ctx)
    # Admin: gets past every role check, so the fuzzer reaches validation and the database.
    headers = {"Authorization": f"Bearer {admin.issue_token(ctx, 'admin', 'fuzzer')}"}
    yield ctx, headers
    ctx.close()


def test_api_never_errors_and_matches_schema(fuzz_server: tuple[ServerContext, dict[str, str]]) -> None:
    ctx, headers = fuzz_server
    # Signing out would cut the fuzzer's own session short; it is covered by test_accounts.
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(context=ctx)).exclude(
        path="/api/v1/auth/logout"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 25
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        run()
