"""Item 5, "Knowing a hash is enough": a file is read only by a person who holds it (uploaded it, proved
she has its bytes, handed it in) or through a record she may see whose author holds it. An upload in
progress is its uploader's alone. Unfinished uploads expire and count against a per-person quota.

``test_role_by_file_route`` is the matrix: every role that must not read Amina's files x every file route
in /openapi.json (a new route there fails the test until it has a probe here).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from tests.security.support import assert_error
from tests.server.conftest import _pg_database, bearer, mutation, push, submit_payload

from fieldapp.protocol import API_PREFIX
from fieldapp.server import admin, files
from fieldapp.server.app import create_app
from fieldapp.server.blobstore import FileBlobStore
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext, utcnow
from fieldapp.server.db import tables as t
from fieldapp.server.db.engine import make_engine

BLOBS = f"{API_PREFIX}/blobs"


# ---------------------------------------------------------------- helpers


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _mac(challenge: str, data: bytes) -> str:
    return hmac.new(bytes.fromhex(challenge), data, hashlib.sha256).hexdigest()


def _state(
    client: TestClient, headers: dict[str, str], data: bytes, size: int | None = None
) -> dict[str, Any]:
    answer = client.get(
        f"{BLOBS}/{_sha(data)}/upload", params={"size": len(data) if size is None else size}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    state: dict[str, Any] = answer.json()
    return state


def _send(
    client: TestClient, headers: dict[str, str], sha: str, size: int, offset: int, chunk: bytes
) -> httpx.Response:
    return client.patch(
        f"{BLOBS}/{sha}/upload", params={"offset": offset, "size": size}, content=chunk, headers=headers
    )


def _upload(
    client: TestClient, headers: dict[str, str], data: bytes, chunk: int = 64 * 1024
) -> dict[str, Any]:
    """Send ``data`` from wherever this person's upload stands until the server says complete."""
    state = _state(client, headers, data)
    while not state["complete"]:
        offset = state["offset"]
        answer = _send(client, headers, _sha(data), len(data), offset, data[offset : offset + chunk])
        assert answer.status_code == 200, answer.text
        state = answer.json()
    return state


def _reads(client: TestClient, headers: dict[str, str], data: bytes) -> bool:
    """Whether this person can get the bytes; anything but a clean 404 (or the bytes) fails the test."""
    answer = client.get(f"{BLOBS}/{_sha(data)}", headers=headers)
    if answer.status_code == 200:
        assert answer.content == data
        return True
    assert_error(answer, 404, "not_found")
    assert data not in answer.content
    return False


def _attach(data: bytes, name: str = "photo.jpg") -> dict[str, Any]:
    return {"sha256": _sha(data), "name": name, "size": len(data), "mime": "image/jpeg"}


# ---------------------------------------------------------------- the world of the matrix


@dataclass
class FilesWorld:
    """Amina's files and the people who must not read them."""

    ctx: ServerContext
    client: TestClient
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Named in Amina's own submission: her mentor and staff may read it through that record.
    referenced: bytes = b""
    #: Uploaded by Amina and named by no record of hers; Bibi's submission names it (a reference that
    #: must not count: she does not hold it).
    private: bytes = b""

    def h(self, who: str) -> dict[str, str]:
        return self.headers[who]


PEOPLE = {
    "amina": "intern",
    "bibi": "intern",
    "mentor_a": "mentor",
    "mentor_b": "mentor",
    "mentor_x": "mentor",
    "coord": "coordinator",
    "admin": "admin",
}
#: Reader role -> Amina's files she must not read ("referenced" is staff's to read through Amina's record).
DENIED = {
    "bibi": ("referenced", "private"),
    "mentor_b": ("referenced", "private"),
    "mentor_x": ("referenced", "private"),
    "coord": ("private",),
    "admin": ("private",),
}


def _seed(ctx: ServerContext, client: TestClient) -> FilesWorld:
    world = FilesWorld(ctx, client)
    admin.add_cohort(ctx, "Charsadda")
    for name, role in PEOPLE.items():
        admin.add_user(ctx, name, role, cohort="Charsadda" if role in ("intern", "mentor") else None)
        world.headers[name] = bearer(ctx, name, f"{name}-laptop")
    admin.assign_mentor(ctx, "mentor_a", "amina")
    admin.assign_mentor(ctx, "mentor_b", "bibi")
    task = admin.add_task(ctx, "Photograph the water points", cohort="Charsadda")
    world.referenced = b"amina's photo of the well " + os.urandom(3000)
    world.private = b"amina's other photo " + os.urandom(5000)
    amina, bibi = world.h("amina"), world.h("bibi")
    results = push(
        client,
        amina,
        mutation("submission.submit", submit_payload(task, attachments=[_attach(world.referenced)])),
    )
    assert results[0]["status"] == "applied"
    assert _upload(client, amina, world.referenced)["complete"]
    assert _upload(client, amina, world.private)["complete"]
    # Bibi names both of Amina's hashes in her own submission: her record is hers, the files are not.
    naming = submit_payload(
        task, attachments=[_attach(world.referenced, "a.jpg"), _attach(world.private, "b.jpg")]
    )
    assert push(client, bibi, mutation("submission.submit", naming))[0]["status"] == "applied"
    # The positive controls: the rule is not "nobody reads anything".
    assert _reads(client, amina, world.referenced) and _reads(client, amina, world.private)
    assert _reads(client, world.h("mentor_a"), world.referenced)
    assert _reads(client, world.h("coord"), world.referenced) and _reads(
        client, world.h("admin"), world.referenced
    )
    assert not _reads(client, world.h("mentor_a"), world.private)
    return world


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def files_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FilesWorld]:
    with contextlib.ExitStack() as stack:
        url = None
        if request.param == "postgres":
            url = stack.enter_context(
                contextlib.contextmanager(_pg_database)(request.getfixturevalue("pg_template"))
            )
        ctx = ServerContext.open(ServerConfig(data_dir=tmp_path_factory.mktemp("files"), database_url=url))
        stack.callback(ctx.close)
        client = stack.enter_context(TestClient(create_app(context=ctx)))
        yield _seed(ctx, client)


# ---------------------------------------------------------------- probes, one per file route


Probe = Callable[[FilesWorld, str, bytes], None]


def _probe_download(world: FilesWorld, reader: str, data: bytes) -> None:
    assert not _reads(world.client, world.h(reader), data)


def _probe_download_range(world: FilesWorld, reader: str, data: bytes) -> None:
    for header in ("bytes=0-", "bytes=0-0", "bytes=-10", f"bytes=10-{len(data)}"):
        answer = world.client.get(f"{BLOBS}/{_sha(data)}", headers={**world.h(reader), "Range": header})
        assert_error(answer, 404, "not_found")
        assert data[:10] not in answer.content


def _probe_head(world: FilesWorld, reader: str, data: bytes) -> None:
    answer = world.client.head(f"{BLOBS}/{_sha(data)}", headers=world.h(reader))
    assert answer.status_code == 404 and answer.content == b""
    assert "accept-ranges" not in answer.headers and "etag" not in answer.headers


def _probe_upload_state(world: FilesWorld, reader: str, data: bytes) -> None:
    for size in (len(data), len(data) + 1, 0):
        state = _state(world.client, world.h(reader), data, size)
        # Her own upload: nothing held, nothing complete; at most a challenge to prove she has the bytes.
        assert state["complete"] is False and state["offset"] == 0, state
    assert not _reads(world.client, world.h(reader), data)


def _probe_upload_chunk(world: FilesWorld, reader: str, data: bytes) -> None:
    sha, size = _sha(data), len(data)
    headers = world.h(reader)
    # A chunk at Amina's offset, at 0, and a whole file of other bytes "finishing" the upload.
    for offset in (size // 2, size - 1):
        assert_error(_send(world.client, headers, sha, size, offset, b"x"), 409, "offset_mismatch")
    half = _send(world.client, headers, sha, size, 0, b"\0" * (size // 2))
    assert half.status_code == 200 and half.json()["complete"] is False and half.json()["offset"] == size // 2
    rest = _send(world.client, headers, sha, size, size // 2, b"\0" * (size - size // 2))
    assert_error(rest, 422, "checksum_mismatch")
    assert _state(world.client, headers, data)["offset"] == 0  # her damaged upload is gone, nothing gained
    assert_error(_send(world.client, headers, sha, size, 0, b"\0" * (size + 1)), 422, "invalid_input")
    # "The file is empty": an upload of 0 bytes cannot complete as someone else's hash either.
    assert _state(world.client, headers, data, 0)["complete"] is False
    assert_error(_send(world.client, headers, sha, 0, 0, b""), 422, "checksum_mismatch")
    assert not _reads(world.client, headers, data)


def _probe_proof(world: FilesWorld, reader: str, data: bytes) -> None:
    sha = _sha(data)
    headers = world.h(reader)
    mine = _state(world.client, headers, data)["challenge"]
    assert mine, "the server has the bytes, so it offers a challenge"
    amina_challenge = _state(world.client, world.h("amina"), data)["challenge"]
    assert amina_challenge is None  # she holds it already: nothing to prove
    leaked = files.challenge(world.ctx, _user_id(world, "amina"), sha)
    attempts = [
        {"challenge": mine, "proof": "0" * 64},  # a guess
        {"challenge": mine, "proof": sha},  # the hash is not the bytes
        {"challenge": mine, "proof": _mac(mine, data[:-1])},  # most of the bytes are not the bytes
        {"challenge": leaked, "proof": _mac(leaked, data)},  # Amina's challenge and proof, replayed
        {"challenge": "f" * 64, "proof": _mac("f" * 64, data)},  # a challenge the server never made
    ]
    for body in attempts:
        assert_error(world.client.post(f"{BLOBS}/{sha}/proof", json=body, headers=headers), 422, "bad_proof")
    assert not _reads(world.client, headers, data)


def _user_id(world: FilesWorld, username: str) -> str:
    return admin.user_id(world.ctx, username)


PROBES: dict[tuple[str, str], Probe] = {
    ("GET", f"{BLOBS}/{{sha256}}"): _probe_download,
    ("GET", f"{BLOBS}/{{sha256}}#range"): _probe_download_range,
    ("HEAD", f"{BLOBS}/{{sha256}}"): _probe_head,
    ("GET", f"{BLOBS}/{{sha256}}/upload"): _probe_upload_state,
    ("PATCH", f"{BLOBS}/{{sha256}}/upload"): _probe_upload_chunk,
    ("POST", f"{BLOBS}/{{sha256}}/proof"): _probe_proof,
}


def _file_routes() -> list[tuple[str, str]]:
    """Every route of the real app that touches files, read from its OpenAPI document."""
    with tempfile.TemporaryDirectory() as tmp:
        config = ServerConfig(data_dir=Path(tmp))
        ctx = ServerContext(
            config=config, engine=make_engine(config.sqlalchemy_url), blobs=FileBlobStore(Path(tmp) / "b")
        )
        spec = create_app(context=ctx).openapi()
        ctx.close()
    routes = [
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        if "/blobs" in path or "{sha256}" in path
        for method in operations
    ]
    # A ranged download is its own way in.
    routes += [(m, p + "#range") for m, p in routes if m == "GET" and p.endswith("{sha256}")]
    return sorted(routes)


FILE_ROUTES = _file_routes()


def test_the_matrix_has_every_file_route() -> None:
    assert len(FILE_ROUTES) >= 6
    missing = [route for route in FILE_ROUTES if route not in PROBES]
    assert missing == [], f"new file route(s) {missing}: add a probe to PROBES"


@pytest.mark.parametrize("route", FILE_ROUTES, ids=[f"{m} {p}" for m, p in FILE_ROUTES])
@pytest.mark.parametrize("reader", sorted(DENIED))
def test_role_by_file_route(files_world: FilesWorld, reader: str, route: tuple[str, str]) -> None:
    probe = PROBES.get(route)
    if probe is None:
        pytest.fail(f"no probe for the file route {route}: add one to PROBES")
    for which in DENIED[reader]:
        data = getattr(files_world, which)
        probe(files_world, reader, data)
        # Whatever the probe tried, Amina's file is intact and still hers.
        assert _reads(files_world.client, files_world.h("amina"), data)
    if "referenced" not in DENIED[reader]:
        assert _reads(files_world.client, files_world.h(reader), files_world.referenced)


# ---------------------------------------------------------------- the rules one by one


@pytest.fixture
def people(ctx: ServerContext, client: TestClient) -> dict[str, dict[str, str]]:
    admin.add_cohort(ctx, "Bajaur")
    for name, role in [("amina", "intern"), ("bibi", "intern"), ("chand", "intern"), ("mentor_b", "mentor")]:
        admin.add_user(ctx, name, role, cohort="Bajaur")
    admin.assign_mentor(ctx, "mentor_b", "bibi")
    return {name: bearer(ctx, name) for name in ("amina", "bibi", "chand", "mentor_b")}


def test_bibi_naming_aminas_hash_reaches_nothing_until_she_sends_the_bytes(
    client: TestClient, ctx: ServerContext, people: dict[str, dict[str, str]]
) -> None:
    task = admin.add_task(ctx, "Map the clinic", cohort="Bajaur")
    data = b"amina's clinic photo " + os.urandom(4000)
    assert _upload(client, people["amina"], data)["complete"]
    submission = submit_payload(task, attachments=[_attach(data)])
    assert push(client, people["bibi"], mutation("submission.submit", submission))[0]["status"] == "applied"
    # Her mentor gets her revision (the record is Bibi's) but not the file it names.
    pulled = client.get(f"{API_PREFIX}/sync/pull", headers=people["mentor_b"]).json()["changes"]
    assert submission["revision_id"] in {c["id"] for c in pulled}
    assert not _reads(client, people["bibi"], data)
    assert not _reads(client, people["mentor_b"], data)
    # Bibi really has the same bytes (it is the same photo): she sends them, and then the file is hers too.
    state = _state(client, people["bibi"], data)
    assert state["challenge"] and not state["complete"]
    assert _upload(client, people["bibi"], data)["complete"]
    assert _reads(client, people["bibi"], data) and _reads(client, people["mentor_b"], data)


def test_proof_of_holding_binds_only_the_person_who_has_the_bytes(
    client: TestClient, ctx: ServerContext, people: dict[str, dict[str, str]]
) -> None:
    data = b"a lesson video everyone downloaded " + os.urandom(6000)
    sha = _sha(data)
    assert _upload(client, people["amina"], data)["complete"]
    chand_challenge = _state(client, people["chand"], data)["challenge"]
    bibi_challenge = _state(client, people["bibi"], data)["challenge"]
    assert chand_challenge and bibi_challenge and chand_challenge != bibi_challenge
    chand_proof = {"challenge": chand_challenge, "proof": _mac(chand_challenge, data)}
    # Chand's proof, shown to Bibi, proves nothing for Bibi.
    assert_error(
        client.post(f"{BLOBS}/{sha}/proof", json=chand_proof, headers=people["bibi"]), 422, "bad_proof"
    )
    wrong = {"challenge": bibi_challenge, "proof": _mac(bibi_challenge, data + b"!")}
    assert_error(client.post(f"{BLOBS}/{sha}/proof", json=wrong, headers=people["bibi"]), 422, "bad_proof")
    assert not _reads(client, people["bibi"], data)
    # Chand does have the bytes: no bytes resent, and the file is hers to read.
    proved = client.post(f"{BLOBS}/{sha}/proof", json=chand_proof, headers=people["chand"])
    assert proved.status_code == 200 and proved.json()["complete"] is True
    assert _reads(client, people["chand"], data)
    assert _state(client, people["chand"], data)["complete"] is True
    assert not _reads(client, people["bibi"], data)
    # A proof for a file the server does not have proves nothing either.
    absent = b"never uploaded"
    body = {"challenge": bibi_challenge, "proof": _mac(bibi_challenge, absent)}
    assert_error(
        client.post(f"{BLOBS}/{_sha(absent)}/proof", json=body, headers=people["bibi"]), 422, "bad_proof"
    )


def test_appending_to_the_same_upload_cannot_spoil_hers(
    client: TestClient, ctx: ServerContext, people: dict[str, dict[str, str]]
) -> None:
    data = os.urandom(300 * 1024)
    sha, size = _sha(data), len(data)
    amina, bibi = people["amina"], people["bibi"]
    _state(client, amina, data)
    first = _send(client, amina, sha, size, 0, data[: 100 * 1024]).json()
    assert first["offset"] == 100 * 1024
    # Bibi sends junk for "the same" upload: at Amina's offset (refused: hers starts at 0), then from 0.
    assert_error(_send(client, bibi, sha, size, 100 * 1024, b"junk" * 1000), 409, "offset_mismatch")
    junk = _send(client, bibi, sha, size, 0, b"j" * (200 * 1024)).json()
    assert junk["offset"] == 200 * 1024
    assert _state(client, amina, data)["offset"] == 100 * 1024  # untouched
    assert _state(client, bibi, data)["offset"] == 200 * 1024  # and she does not see Amina's
    assert_error(_send(client, bibi, sha, size, 200 * 1024, b"j" * (100 * 1024)), 422, "checksum_mismatch")
    # Amina resumes where she was and finishes: no restart from 0.
    rest = _send(client, amina, sha, size, 100 * 1024, data[100 * 1024 :])
    assert rest.status_code == 200 and rest.json()["complete"] is True
    assert _reads(client, amina, data) and not _reads(client, bibi, data)
    partial = ctx.config.blob_dir / "partial"
    assert not any(partial.rglob("*.part")), "finished and failed uploads leave nothing behind"


def test_staff_cannot_expose_someone_elses_file_in_a_module(
    client: TestClient, ctx: ServerContext, people: dict[str, dict[str, str]]
) -> None:
    admin.add_user(ctx, "coordinator", "coordinator")
    coord = bearer(ctx, "coordinator")
    data = b"amina's private photo " + os.urandom(2000)
    assert _upload(client, people["amina"], data)["complete"]
    draft = {
        "title": "Water safety",
        "assets": [{"name": "well.jpg", "sha256": _sha(data), "size": len(data)}],
    }
    created = client.post(f"{API_PREFIX}/modules", json=draft, headers=coord)
    assert created.status_code == 201, created.text
    module_id = created.json()["id"]
    cohort = admin.cohort_id(ctx, "Bajaur")
    answer = client.post(
        f"{API_PREFIX}/modules/{module_id}/publish", json={"cohort_ids": [cohort]}, headers=coord
    )
    assert_error(answer, 409, "missing_assets")
    assert not _reads(client, coord, data) and not _reads(client, people["bibi"], data)


def test_module_assets_published_by_the_server_reach_the_cohort_only(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    admin.add_cohort(ctx, "Elsewhere")
    admin.add_user(ctx, "outsider", "intern", cohort="Elsewhere")
    with ctx.engine.connect() as conn:
        assets = conn.execute(select(t.module_versions.c.data)).scalar_one()["assets"]
    assert assets
    sha = assets[0]["sha256"]
    assert client.get(f"{BLOBS}/{sha}", headers=bearer(ctx, "ayesha")).status_code == 200
    assert_error(client.get(f"{BLOBS}/{sha}", headers=bearer(ctx, "outsider")), 404, "not_found")


# ---------------------------------------------------------------- quota and expiry


def test_a_person_has_a_storage_quota_that_counts_unfinished_uploads(
    client: TestClient, ctx: ServerContext, people: dict[str, dict[str, str]]
) -> None:
    ctx.config.user_quota = 10_000
    amina = people["amina"]
    big = os.urandom(10_001)
    assert_error(
        client.get(f"{BLOBS}/{_sha(big)}/upload", params={"size": len(big)}, headers=amina),
        413,
        "quota_exceeded",
    )
    first, second, small = os.urandom(6000), os.urandom(6000), os.urandom(3000)
    _state(client, amina, first)  # begun, not finished: it counts
    assert_error(
        client.get(f"{BLOBS}/{_sha(second)}/upload", params={"size": 6000}, headers=amina),
        413,
        "quota_exceeded",
    )
    assert_error(_send(client, amina, _sha(second), 6000, 0, second), 413, "quota_exceeded")
    assert _upload(client, amina, first)["complete"]  # finished: still counts
    assert_error(
        client.get(f"{BLOBS}/{_sha(second)}/upload", params={"size": 6000}, headers=amina),
        413,
        "quota_exceeded",
    )
    assert _upload(client, amina, small)["complete"]
    # The quota is hers: Bibi still has all of hers.
    assert _upload(client, people["bibi"], second)["complete"]


def test_unfinished_uploads_expire(
    client: TestClient, ctx: ServerContext, people: dict[str, dict[str, str]]
) -> None:
    ctx.config.upload_expiry_days = 2
    stale, recent = os.urandom(50_000), os.urandom(50_000)
    amina, bibi = people["amina"], people["bibi"]
    for headers, data in ((amina, stale), (bibi, stale), (amina, recent)):
        _state(client, headers, data)
        assert _send(client, headers, _sha(data), len(data), 0, data[:20_000]).status_code == 200
    amina_id = admin.user_id(ctx, "amina")
    with ctx.engine.begin() as conn:
        conn.execute(
            update(t.uploads)
            .where(t.uploads.c.user_id == amina_id, t.uploads.c.sha256 == _sha(stale))
            .values(updated_at=utcnow() - timedelta(days=2, hours=1))
        )
        conn.execute(
            update(t.uploads)
            .where(t.uploads.c.user_id == amina_id, t.uploads.c.sha256 == _sha(recent))
            .values(updated_at=utcnow() - timedelta(days=1))
        )
    assert files.expire_uploads(ctx) == 1
    partial = ctx.config.blob_dir / "partial" / files.owner_key(amina_id) / f"{_sha(stale)}.part"
    assert not partial.exists()
    assert _state(client, amina, stale)["offset"] == 0  # starts over
    assert _state(client, amina, recent)["offset"] == 20_000  # kept: not old enough
    assert _state(client, bibi, stale)["offset"] == 20_000  # someone else's upload of the same bytes: kept
    assert files.expire_uploads(ctx, utcnow() + timedelta(days=3)) == 3
    assert not any((ctx.config.blob_dir / "partial").rglob("*.part"))
