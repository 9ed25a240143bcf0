"""Hostile-client fuzzing through the real app, on SQLite and PostgreSQL: zero 5xx.

- Every JSON request body in /openapi.json, every mutation kind in a push, the push envelope itself: valid
  requests with one part replaced by something hostile (integers at and past their bounds, impossible and
  far-off dates, unicode with NUL, lone surrogates and direction overrides, huge strings, deep nesting,
  wrong types, unknown keys).
- The opaque fields: pull cursors, enrollment codes, Range headers, upload offsets and sizes.
- A schemathesis stateful run that follows the links between creating and reading (POST /modules ->
  GET/PUT/publish /modules/{id}, POST /tasks -> /tasks/{id}/assign, POST /cohorts -> members, dashboard),
  each scenario on a fresh copy of a seeded server so the run is reproducible.

Bounded (``derandomize=True``, ``database=None``): ``FIELDAPP_FUZZ_EXAMPLES`` raises the number of examples.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import select
from tests.server.conftest import _pg_database

from fieldapp.protocol import PAYLOAD_MODELS, ErrorBody, MutationKind, MutationStatus
from fieldapp.server import admin
from fieldapp.server.app import create_app
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.db import tables as t

EXAMPLES = int(os.environ.get("FIELDAPP_FUZZ_EXAMPLES", "60"))
API = "/api/v1"


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


# ---------------------------------------------------------------- hostile values


@dataclass(frozen=True)
class Deep:
    """JSON nested ``depth`` levels (lists, or objects with ``dicts``), written out by :func:`_encode`: too
    deep for Python's own JSON encoder and for Hypothesis to print."""

    depth: int
    dicts: bool = False


#: Integers at and beyond every bound the protocol has (32-bit counters, 2**40 sizes, 64-bit columns).
INTEGERS = (
    st.sampled_from(
        [
            0,
            1,
            -1,
            63,
            64,
            65,
            255,
            256,
            2**31 - 1,
            2**31,
            2**40,
            2**40 + 1,
            2**53 + 1,
            2**63 - 1,
            2**63,
            2**64,
            2**70,
            -(2**63) - 1,
            10**100,
        ]
    )
    | st.integers()
)
FLOATS = (
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 0.7, 1.0000001, float("inf"), float("nan")])
    | st.floats()
)
#: Dates and times as strings: overflow after timezone normalisation, impossible days, other calendars.
DATES = st.sampled_from(
    [
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31",
        "0001-01-01",
        "2024-02-30",
        "2023-13-01T00:00:00Z",
        "+10000-01-01T00:00:00Z",
        "1970-01-01T00:00:00+99:00",
        "2026-01-01T25:61:61",
        "2026-06-01T12:00:00.123456789Z",
        "1999-01-01T00:00:00+05:00",
        "now",
        "",
    ]
) | st.datetimes().map(lambda d: d.isoformat())
SPECIAL_TEXT = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "\ud800",
        "x\udfff",
        "\u202egpj.exe",
        "../../etc/passwd",
        "C:\\Windows\\win.ini",
        "A" * 64,
        "a" * 65,
        "x" * 256,
        "x" * 70_000,
        "ـ" * 1000,
        "\u0627\u0631\u062f\u0648",
        "\U0001f600" * 50,
        "%00%2e%2e%2f",
        "'; DROP TABLE users; --",
    ]
)
TEXT = (
    SPECIAL_TEXT
    | st.text(max_size=80)
    | st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=20)
)
SCALARS = st.none() | st.booleans() | INTEGERS | FLOATS | TEXT | DATES
HOSTILE = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=5),
    st.dictionaries(TEXT, SCALARS, max_size=4),
    st.builds(Deep, st.sampled_from([100, 1_000, 5_000, 20_000]), st.booleans()),
    st.just([None] * 3000),
)


@st.composite
def mutated(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """``value`` with one part (or itself) replaced by something hostile."""
    if isinstance(value, dict) and value and depth < 6 and draw(st.integers(0, 3)):
        out = dict(value)
        action = draw(st.sampled_from(["into", "into", "into", "drop", "extra"]))
        key = draw(st.sampled_from(sorted(value)))
        if action == "into":
            out[key] = draw(mutated(value[key], depth + 1))
        elif action == "drop":
            del out[key]
        else:
            out[draw(TEXT)] = draw(HOSTILE)
        return out
    if isinstance(value, list) and value and depth < 6 and draw(st.integers(0, 3)):
        out_list = list(value)
        index = draw(st.integers(0, len(value) - 1))
        if draw(st.booleans()):
            out_list[index] = draw(mutated(value[index], depth + 1))
        else:
            out_list += [out_list[index]] * draw(st.sampled_from([1, 50, 600]))
        return out_list
    return draw(HOSTILE)


def _encode(body: Any) -> bytes:
    """JSON as a hostile client may write it: lone surrogates as (legal) escapes, NaN and Infinity as
    Python writes them, and :class:`Deep` nesting."""

    def placeholder(value: Any) -> str:
        if isinstance(value, Deep):
            return f"@@deep:{value.depth}:{int(value.dicts)}@@"
        raise TypeError(type(value).__name__)

    text = json.dumps(body, ensure_ascii=True, allow_nan=True, default=placeholder)

    def expand(match: re.Match[str]) -> str:
        depth, dicts = int(match.group(1)), match.group(2) == "1"
        return ('{"a":' * depth + "1" + "}" * depth) if dicts else ("[" * depth + "]" * depth)

    return re.sub(r'"@@deep:(\d+):([01])@@"', expand, text).encode()


# ---------------------------------------------------------------- the server under fuzz


@dataclass
class Fuzzed:
    ctx: ServerContext
    client: TestClient
    demo: admin.DemoData
    tokens: dict[str, dict[str, str]]
    lesson_id: str
    question_id: str
    device_row: str

    def bodies(self) -> dict[tuple[str, str], Any]:
        """A valid body for every JSON request of the API (the fuzzer's starting points)."""
        d = self.demo
        draft = {
            "title": "Water safety",
            "description": "Keeping water clean",
            "language": "ur",
            "lessons": [{"id": "l1", "title": "Wells", "body_md": "# Wells", "assets": ["well.png"]}],
            "quiz": {
                "pass_mark": 0.7,
                "questions": [
                    {
                        "id": "q1",
                        "kind": "single",
                        "prompt": "?",
                        "options": ["a", "b"],
                        "correct": [1],
                        "points": 1,
                    },
                    {"id": "q2", "kind": "short", "prompt": "?", "accepted": ["yes"]},
                ],
            },
            "assets": [{"name": "well.png", "sha256": "a" * 64, "size": 10, "mime": "image/png"}],
        }
        return {
            ("post", "/auth/login"): {
                "username": "sana",
                "password": d.password,
                "device_id": "fuzz-1",
                "device_name": "x",
            },
            ("post", "/auth/enroll"): {
                "code": "ABCD-EFGH-JKLM",
                "device_id": "fuzz-2",
                "device_name": "",
                "device_key": "a" * 64,
            },
            ("post", "/sync/push"): {"mutations": [self.mutation(MutationKind.submit)]},
            ("post", "/blobs/{sha256}/proof"): {"challenge": "a" * 64, "proof": "b" * 64},
            ("post", "/users"): {
                "username": "new-user",
                "role": "intern",
                "display_name": "N",
                "password": "password-1",
                "cohort_id": d.cohort_id,
            },
            ("post", "/cohorts"): {"name": "Swat"},
            ("post", "/cohorts/{cohort_id}/members"): {"user_id": d.users["sana"]},
            ("post", "/mentorships"): {"mentor_id": d.users["mentor"], "intern_id": d.users["sana"]},
            ("post", "/modules"): draft,
            ("put", "/modules/{module_id}"): draft,
            ("post", "/modules/{module_id}/publish"): {"cohort_ids": [d.cohort_id]},
            ("post", "/tasks"): {
                "title": "Survey",
                "description": "",
                "due": "2026-03-31",
                "intern_ids": [d.users["ayesha"]],
            },
            ("post", "/tasks/{task_id}/assign"): {"intern_ids": [d.users["sana"]]},
            ("post", "/enrollments"): {"username": "ayesha", "days": 7},
        }

    def path_args(self) -> dict[str, str]:
        return {
            "sha256": "a" * 64,
            "cohort_id": self.demo.cohort_id,
            "module_id": self.demo.module_id,
            "task_id": self.demo.task_ids[2],
            "device_id": self.device_row,
        }

    def payloads(self) -> dict[MutationKind, dict[str, Any]]:
        """A valid payload of every mutation kind."""
        d = self.demo
        return {
            MutationKind.submit: {
                "submission_id": str(uuid.uuid4()),
                "task_id": d.task_ids[0],
                "revision_id": str(uuid.uuid4()),
                "revision": 1,
                "text": "my work",
                "attachments": [{"sha256": "c" * 64, "name": "p.jpg", "size": 5, "mime": "image/jpeg"}],
                "submitted_at": "2026-01-01T10:00:00+05:00",
            },
            MutationKind.review: {
                "review_id": str(uuid.uuid4()),
                "submission_id": str(uuid.uuid4()),
                "revision": 1,
                "decision": "approve",
                "comment": "good",
                "created_at": "2026-01-01T10:00:00Z",
            },
            MutationKind.progress: {
                "event_id": str(uuid.uuid4()),
                "module_id": d.module_id,
                "module_version": 1,
                "kind": "quiz_attempt",
                "lesson_id": self.lesson_id,
                "answers": {self.question_id: [2]},
                "score": 1.0,
                "passed": True,
                "device_time": "2026-01-01T10:00:00Z",
            },
            MutationKind.assignment_status: {
                "assignment_id": str(uuid.uuid4()),
                "status": "done",
                "base_status": "todo",
            },
            MutationKind.task_upsert: {
                "task_id": d.task_ids[2],
                "title": "New title",
                "description": "d",
                "due": "2026-05-01",
                "intern_ids": [d.users["ayesha"]],
                "cohort_id": None,
                "base": [{"field": "title", "value": "Introduce yourself"}],
            },
        }

    def demo_asset(self) -> str:
        """A file the server has (the demo module's first asset)."""
        with self.ctx.engine.connect() as conn:
            data = conn.execute(select(t.module_versions.c.data)).scalar_one()
        return str(data["assets"][0]["sha256"])

    def mutation(self, kind: MutationKind) -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "kind": kind.value,
            "payload": self.payloads()[kind],
            "created_at": "2026-01-01T00:00:00Z",
        }


@pytest.fixture
def fuzzed(ctx: ServerContext, demo: admin.DemoData) -> Iterator[Fuzzed]:
    with ctx.engine.connect() as conn:
        data = conn.execute(select(t.module_versions.c.data)).scalar_one()
    tokens = {
        name: {"Authorization": f"Bearer {admin.issue_token(ctx, name, 'fuzz-' + name)}"}
        for name in ("ayesha", "mentor", "coord", "admin")
    }
    device_row = admin.list_devices(ctx, "ayesha")[0].id
    # raise_server_exceptions=False: a bug shows up as the 500 a device would get, and is reported as such.
    with TestClient(create_app(context=ctx), raise_server_exceptions=False) as client:
        yield Fuzzed(
            ctx,
            client,
            demo,
            tokens,
            data["lessons"][0]["id"],
            data["quiz"]["questions"][0]["id"],
            device_row,
        )


def _check(answer: httpx.Response, what: str) -> None:
    """No server error, and every refusal carries an ErrorBody."""
    assert answer.status_code < 500, f"{what} -> {answer.status_code} {answer.text[:300]}"
    if answer.status_code >= 400 and answer.request.method != "HEAD":
        ErrorBody.model_validate(answer.json())


def _send_json(f: Fuzzed, method: str, path: str, body: Any, who: str) -> httpx.Response:
    url = API + path.format(**f.path_args())
    headers = {**f.tokens[who], "Content-Type": "application/json"}
    return f.client.request(method.upper(), url, content=_encode(body), headers=headers)


def test_the_fuzzer_starts_from_every_json_body_and_every_mutation_kind(fuzzed: Fuzzed) -> None:
    spec = fuzzed.client.get("/openapi.json").json()
    with_json = {
        (method, path.removeprefix(API))
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if "application/json" in (operation.get("requestBody") or {}).get("content", {})
    }
    assert with_json == set(fuzzed.bodies()), "a request body is missing from Fuzzed.bodies()"
    assert set(fuzzed.payloads()) == set(PAYLOAD_MODELS), "a mutation kind is missing from Fuzzed.payloads()"
    # The starting points are valid: what the fuzzer changes is what gets refused.
    for (method, path), body in fuzzed.bodies().items():
        who = "ayesha" if path == "/sync/push" else "admin"
        answer = _send_json(fuzzed, method, path, body, who)
        assert answer.status_code < 500, answer.text
        assert answer.status_code < 400 or answer.json()["code"] != "invalid_input", (
            f"{method} {path}: {answer.text[:200]}"
        )


def test_every_json_body_with_one_hostile_part(fuzzed: Fuzzed, examples: int = EXAMPLES * 3) -> None:
    bodies = sorted(fuzzed.bodies().items())

    @given(
        case=st.sampled_from(bodies).flatmap(lambda item: st.tuples(st.just(item[0]), mutated(item[1]))),
        who=st.sampled_from(["ayesha", "coord", "admin"]),
    )
    @_settings(examples)
    def run(case: tuple[tuple[str, str], Any], who: str) -> None:
        (method, path), body = case
        _check(
            _send_json(fuzzed, method, path, body, who),
            f"{method.upper()} {path} as {who}: {_encode(body)[:200]!r}",
        )

    run()


def test_every_mutation_kind_and_the_envelope(fuzzed: Fuzzed, examples: int = EXAMPLES * 3) -> None:
    kinds = sorted(fuzzed.payloads(), key=str)

    @given(
        kind=st.sampled_from(kinds),
        where=st.sampled_from(["payload", "payload", "payload", "envelope", "kind"]),
        data=st.data(),
        who=st.sampled_from(["ayesha", "mentor", "coord"]),
    )
    @_settings(examples)
    def run(kind: MutationKind, where: str, data: st.DataObject, who: str) -> None:
        good = fuzzed.mutation(MutationKind.assignment_status)
        envelope = fuzzed.mutation(kind)
        if where == "payload":
            envelope["payload"] = data.draw(mutated(envelope["payload"]))
        elif where == "envelope":
            envelope = data.draw(mutated(envelope))
        else:
            envelope["kind"] = data.draw(st.sampled_from([k.value for k in MutationKind]) | TEXT)
        body = {"mutations": [envelope, good]}
        answer = _send_json(fuzzed, "post", "/sync/push", body, who)
        _check(answer, f"push as {who}: {_encode(body)[:300]!r}")
        if answer.status_code == 200:
            results = answer.json()["results"]
            assert len(results) == 2 and {r["status"] for r in results} <= {s.value for s in MutationStatus}

    run()


def _query(params: dict[str, Any]) -> str:
    """A query string as raw bytes on the wire: text that is not valid UTF-8 (lone surrogates) goes
    percent-encoded as it is, which httpx itself would refuse to send."""
    parts = []
    for name, value in params.items():
        raw = str(value).encode("utf-8", "surrogatepass")
        quoted = urllib.parse.quote(raw, safe="")
        if len(quoted) > 20_000:  # keep the URL under what HTTP clients send at all (64 KiB)
            quoted = urllib.parse.quote(raw[:2_000], safe="")
        parts.append(f"{name}={quoted}")
    return "?" + "&".join(parts)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


CURSORS = st.one_of(
    TEXT,
    st.binary(max_size=200).map(_b64),
    st.fixed_dictionaries(
        {
            "v": st.sampled_from([1, 2, "1", None]),
            "seq": INTEGERS | FLOATS | TEXT,
            "scopes": st.lists(TEXT, max_size=3) | TEXT,
        },
        optional={"e": INTEGERS | TEXT, "bf": HOSTILE, "x": HOSTILE},
    ).map(lambda d: _b64(_encode(d))),
    st.sampled_from([500, 5_000, 20_000]).map(lambda n: _b64(b"[" * n)),
)


def test_opaque_fields_cursors_codes_ranges_offsets(fuzzed: Fuzzed, examples: int = EXAMPLES * 3) -> None:
    @given(
        field=st.sampled_from(["cursor", "limit", "code", "range", "upload"]),
        value=st.data(),
    )
    @_settings(examples)
    def run(field: str, value: st.DataObject) -> None:
        ayesha = fuzzed.tokens["ayesha"]
        if field == "cursor":
            cursor = value.draw(CURSORS)
            answer = fuzzed.client.get(f"{API}/sync/pull" + _query({"cursor": cursor}), headers=ayesha)
        elif field == "limit":
            answer = fuzzed.client.get(
                f"{API}/sync/pull" + _query({"limit": value.draw(INTEGERS | TEXT)}), headers=ayesha
            )
        elif field == "code":
            body = {
                "code": value.draw(TEXT | INTEGERS),
                "device_id": value.draw(TEXT),
                "device_key": value.draw(TEXT | st.none()),
            }
            answer = fuzzed.client.post(
                f"{API}/auth/enroll", content=_encode(body), headers={"Content-Type": "application/json"}
            )
        elif field == "range":
            header = value.draw(
                st.sampled_from(
                    [
                        "bytes=0-",
                        "bytes=-0",
                        "bytes=99999999999999999999-",
                        "bytes=5-2",
                        "bytes=0-0,1-1",
                        "items=0-1",
                    ]
                )
                | TEXT.map(lambda s: "bytes=" + s)
            )
            sha = fuzzed.demo_asset()
            raw = header.replace("\r", "").replace("\n", "").encode("utf-8", "surrogatepass")
            answer = fuzzed.client.get(f"{API}/blobs/{sha}", headers={**ayesha, "Range": raw})  # type: ignore[dict-item]
        else:
            params = {"offset": value.draw(INTEGERS | TEXT), "size": value.draw(INTEGERS | TEXT)}
            sha = value.draw(st.sampled_from(["a" * 64, fuzzed.demo_asset(), "A" * 64, "../" * 3]))
            url = f"{API}/blobs/{urllib.parse.quote(sha)}/upload" + _query(params)
            answer = fuzzed.client.patch(url, content=value.draw(st.binary(max_size=64)), headers=ayesha)
        _check(answer, field)

    run()


@pytest.mark.stress
def test_long_fuzz_of_bodies_mutations_and_opaque_fields(fuzzed: Fuzzed) -> None:
    """The three fuzzers above with 20 times the examples (select with ``-m stress``)."""
    test_every_json_body_with_one_hostile_part(fuzzed, EXAMPLES * 60)
    test_every_mutation_kind_and_the_envelope(fuzzed, EXAMPLES * 60)
    test_opaque_fields_cursors_codes_ranges_offsets(fuzzed, EXAMPLES * 60)


# ---------------------------------------------------------------- schemathesis, stateful


def _link(
    spec: dict[str, Any], method: str, path: str, status: str, target: str, parameters: dict[str, str]
) -> None:
    operations = {op["operationId"]: op for ops in spec["paths"].values() for op in ops.values()}
    assert target in operations, target
    links = spec["paths"][API + path][method]["responses"][status].setdefault("links", {})
    links[target] = {"operationId": target, "parameters": parameters}


LINKS = [
    (
        "post",
        "/modules",
        "201",
        "get_module_api_v1_modules__module_id__get",
        {"module_id": "$response.body#/id"},
    ),
    (
        "post",
        "/modules",
        "201",
        "edit_module_api_v1_modules__module_id__put",
        {"module_id": "$response.body#/id"},
    ),
    (
        "post",
        "/modules",
        "201",
        "publish_module_api_v1_modules__module_id__publish_post",
        {"module_id": "$response.body#/id"},
    ),
    (
        "put",
        "/modules/{module_id}",
        "200",
        "get_module_api_v1_modules__module_id__get",
        {"module_id": "$response.body#/id"},
    ),
    (
        "post",
        "/tasks",
        "201",
        "assign_task_api_v1_tasks__task_id__assign_post",
        {"task_id": "$response.body#/id"},
    ),
    (
        "post",
        "/cohorts",
        "201",
        "add_member_api_v1_cohorts__cohort_id__members_post",
        {"cohort_id": "$response.body#/id"},
    ),
    (
        "post",
        "/cohorts",
        "201",
        "dashboard_api_v1_cohorts__cohort_id__dashboard_get",
        {"cohort_id": "$response.body#/id"},
    ),
]


class FreshServers:
    """Copies of one seeded server: each stateful scenario starts from the same state."""

    def __init__(
        self,
        template: ServerContext,
        make_database: Callable[[], contextlib.AbstractContextManager[str | None]],
    ) -> None:
        self.template = template
        self.make_database = make_database
        self.stack = contextlib.ExitStack()

    def new(self, folder: Path) -> ServerContext:
        shutil.copytree(self.template.config.data_dir, folder)
        url = self.stack.enter_context(self.make_database())
        ctx = ServerContext.open(ServerConfig(data_dir=folder, database_url=url), run_migrations=False)
        self.stack.callback(ctx.close)
        return ctx


class Swappable:
    """One ASGI app for schemathesis whose server is replaced at the start of every scenario."""

    def __init__(self) -> None:
        self.inner: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.inner(scope, receive, send)


def test_schemathesis_stateful_create_then_read(
    tmp_path: Path, database_url: str | None, request: pytest.FixtureRequest
) -> None:
    template_dir = tmp_path / "template"
    with contextlib.ExitStack() as stack:
        if database_url is None:
            template = ServerContext.open(ServerConfig(data_dir=template_dir))

            def make_database() -> contextlib.AbstractContextManager[str | None]:
                return contextlib.nullcontext(None)

        else:
            pg_template = request.getfixturevalue("pg_template")
            seeded = stack.enter_context(contextlib.contextmanager(_pg_database)(pg_template))
            template = ServerContext.open(ServerConfig(data_dir=template_dir, database_url=seeded))
            seeded_name = seeded.rpartition("/")[2]

            def make_database() -> contextlib.AbstractContextManager[str | None]:
                return contextlib.contextmanager(_pg_database)(seeded_name)

        admin.demo_seed(template)
        token = admin.issue_token(template, "admin", "schemathesis")
        template.close()  # SQLite: the folder copy carries the database; PostgreSQL: free to be a template
        servers = FreshServers(template, make_database)
        stack.enter_context(servers.stack)
        app = Swappable()
        spec = create_app(context=template).openapi()
        for method, path, status, target, parameters in LINKS:
            _link(spec, method, path, status, target, parameters)
        # The stateless fuzzers (here and tests/server/test_fuzz.py) cover every operation; this run is about
        # the resources one creates and then reads or changes through the id it got back.
        schema = schemathesis.openapi.from_dict(spec).include(path_regex=f"^{API}/(modules|tasks|cohorts)")
        schema.app = app
        machine = schema.as_state_machine()
        calls: list[tuple[str, int]] = []
        counter = iter(range(10_000))
        headers = {"Authorization": f"Bearer {token}"}

        class Scenario(machine):  # type: ignore[misc, valid-type]
            def setup(self) -> None:
                ctx = servers.new(tmp_path / f"scenario-{next(counter)}")
                app.inner = create_app(context=ctx)

            def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
                return {"headers": headers}

            def after_call(self, response: Any, case: schemathesis.Case) -> None:
                super().after_call(response, case)
                calls.append((case.operation.label, response.status_code))

            def validate_response(
                self, response: Any, case: schemathesis.Case, additional_checks: Any = None, **kwargs: Any
            ) -> None:
                case.validate_response(
                    response,
                    checks=[not_a_server_error, response_schema_conformance],
                    transport_kwargs=kwargs or None,
                )

        Scenario.run(settings=settings(_settings(max(8, EXAMPLES // 6)), stateful_step_count=6))
    # The links were followed: something was created and then read or changed through its id.
    followed = {label for label, status in calls if "{" in label and status < 400}
    assert calls and all(status < 500 for _label, status in calls)
    # How many links a run follows depends on what Hypothesis draws (which shifts with what ran before in
    # the same process); one followed link proves the links are wired, the 5xx check above is the point.
    assert followed, f"no link was followed: {sorted(set(calls))}"
