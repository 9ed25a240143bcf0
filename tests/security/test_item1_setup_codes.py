"""Item 1, "Setup codes sign work packs forever": a work pack proven with a setup code counts only for the
unused, unexpired code (which then belongs to the device that presented it) or for the one device (and
key) the code belongs to; a token proof only from a known, live device with its current token. Anything
else is held for an administrator (nothing applied, nothing lost); a damaged pack is refused outright.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from tests.security.support import assert_error, server_cli

from fieldapp.bundles import PackError, crypto, write_work_pack
from fieldapp.device.enrollment import code_sha256
from fieldapp.protocol import Mutation, MutationKind, SubmitPayload
from fieldapp.server import admin, packs
from fieldapp.server.context import ServerContext, utcnow
from fieldapp.server.db import tables as t
from fieldapp.server.domain import DomainError


@dataclass
class Laptop:
    """A device as the server meets it in a work pack: its own id and its signing key."""

    device_id: str = field(default_factory=lambda: "laptop-" + uuid.uuid4().hex[:10])
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def key_hex(self) -> str:
        return crypto.public_key_hex(self.key)


@dataclass
class Intern:
    username: str
    user_id: str
    task_id: str


@pytest.fixture
def intern(ctx: ServerContext) -> Intern:
    admin.add_cohort(ctx, "Mohmand")
    user_id = admin.add_user(ctx, "gul", "intern", password="password-123", cohort="Mohmand")
    task_id = admin.add_task(ctx, "Survey the school", intern="gul")
    return Intern("gul", user_id, task_id)


class Packs:
    """Builds work packs as a device writes them and hands them in as ``fieldapp-server pack import`` does."""

    def __init__(self, ctx: ServerContext, folder: Path, intern: Intern) -> None:
        self.ctx = ctx
        self.folder = folder
        self.intern = intern
        folder.mkdir(parents=True, exist_ok=True)

    def write(
        self, laptop: Laptop, *, code: str | None = None, token: str | None = None, user_id: str | None = None
    ) -> tuple[Path, str]:
        """A pack with one new submission, proven with ``code`` or ``token``; (path, submission id)."""
        submission_id = str(uuid.uuid4())
        payload = SubmitPayload(
            submission_id=submission_id,
            task_id=self.intern.task_id,
            revision_id=str(uuid.uuid4()),
            revision=1,
            text="Done offline for three weeks.",
        )
        mutation = Mutation(
            id=str(uuid.uuid4()), kind=MutationKind.submit, payload=payload.model_dump(mode="json")
        )
        out = self.folder / f"{uuid.uuid4().hex[:8]}.fieldpack"
        if code is not None:
            proof_kind, secret = "enrollment", code_sha256(code)
        elif token is not None:
            proof_kind, secret = "token", hashlib.sha256(token.encode()).hexdigest()
        else:
            proof_kind, secret = None, None
        write_work_pack(
            out,
            mutations=[mutation],
            blobs={},
            device_key=laptop.key,
            server_key=self.ctx.signing_key.public_key(),
            creator="fieldapp test laptop",
            device_id=laptop.device_id,
            user_id=user_id or self.intern.user_id,
            proof_kind=proof_kind,  # type: ignore[arg-type]
            secret_sha256=secret,
        )
        return out, submission_id

    def hand_in(self, path: Path) -> packs.WorkImport:
        return packs.import_work_pack(self.ctx, path)

    def submitted(self, submission_id: str) -> bool:
        with self.ctx.engine.connect() as conn:
            return (
                conn.execute(select(t.submissions.c.id).where(t.submissions.c.id == submission_id)).first()
                is not None
            )

    def assert_applied(self, laptop: Laptop, **proof: str) -> packs.WorkImport:
        path, submission_id = self.write(laptop, **proof)
        done = self.hand_in(path)
        assert done.held is None, done.held
        assert done.counts()["applied"] == 1, done.results
        assert self.submitted(submission_id)
        return done

    def assert_held(self, laptop: Laptop, **proof: str) -> packs.HeldPack:
        path, submission_id = self.write(laptop, **proof)
        before = self.held_count()
        done = self.hand_in(path)
        assert done.held is not None, f"applied instead of held: {done.results}"
        assert done.results == []
        assert not self.submitted(submission_id), "a held pack applied its work"
        assert self.held_count() == before + 1
        # Not thrown away: the very bytes are kept for the administrator.
        kept = self.ctx.config.data_dir / "held" / f"{done.held.id}.fieldpack"
        assert kept.read_bytes() == path.read_bytes()
        return done.held

    def held_count(self) -> int:
        with self.ctx.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.held_packs)).scalar_one())


@pytest.fixture
def work(ctx: ServerContext, tmp_path: Path, intern: Intern) -> Packs:
    return Packs(ctx, tmp_path / "packs", intern)


def _code_row(ctx: ServerContext, code: str) -> dict[str, object]:
    with ctx.engine.connect() as conn:
        row = (
            conn.execute(
                select(t.enrollment_codes).where(t.enrollment_codes.c.code_hash == code_sha256(code))
            )
            .mappings()
            .one()
        )
    return dict(row)


def _device_row(ctx: ServerContext, user_id: str, device_id: str) -> dict[str, object] | None:
    with ctx.engine.connect() as conn:
        row = (
            conn.execute(
                select(t.devices).where(t.devices.c.user_id == user_id, t.devices.c.device_id == device_id)
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


def _expire(ctx: ServerContext, code: str) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(
            update(t.enrollment_codes)
            .where(t.enrollment_codes.c.code_hash == code_sha256(code))
            .values(expires_at=utcnow() - timedelta(hours=1))
        )


def _enroll(client: TestClient, code: str, laptop: Laptop, key_hex: str | None = "") -> int:
    """POST /auth/enroll for ``laptop`` with its own key (or ``key_hex``; None sends no key)."""
    body = {
        "code": code,
        "device_id": laptop.device_id,
        "device_key": laptop.key_hex if key_hex == "" else key_hex,
    }
    return client.post("/api/v1/auth/enroll", json=body).status_code


# ---------------------------------------------------------------- setup-code proofs


def test_unused_code_from_an_unknown_device_is_applied_and_binds_the_code(
    ctx: ServerContext, work: Packs, intern: Intern
) -> None:
    code = admin.create_enrollment(ctx, intern.username).code
    x = Laptop()
    work.assert_applied(x, code=code)
    row = _code_row(ctx, code)
    device = _device_row(ctx, intern.user_id, x.device_id)
    assert device is not None, "the pack's device is now known to the server"
    assert row["device_row_id"] == device["id"] and row["bound_key"] == x.key_hex
    # The device row has no usable token: nobody can sign in as it with anything.
    assert str(device["token_hash"]).startswith("unissued:")
    assert row["used_at"] is None  # still redeemable online, but only by this laptop


def test_same_device_and_key_again_is_applied_and_a_replayed_pack_duplicates_nothing(
    ctx: ServerContext, work: Packs, intern: Intern
) -> None:
    code = admin.create_enrollment(ctx, intern.username).code
    x = Laptop()
    work.assert_applied(x, code=code)
    work.assert_applied(x, code=code)  # her second week offline
    path, submission_id = work.write(x, code=code)
    assert work.hand_in(path).counts()["applied"] == 1
    again = work.hand_in(path)  # the same USB stick handed in twice
    assert again.held is None and again.counts()["duplicate"] == 1
    assert work.submitted(submission_id)


def test_a_code_bound_to_one_device_does_not_vouch_for_another(
    ctx: ServerContext, work: Packs, intern: Intern
) -> None:
    code = admin.create_enrollment(ctx, intern.username).code
    x, y = Laptop(), Laptop()
    work.assert_applied(x, code=code)
    held = work.assert_held(y, code=code)  # a copied setup file on another laptop
    assert held.username == intern.username and held.device_id == y.device_id
    assert "another device" in held.reason
    assert _device_row(ctx, intern.user_id, y.device_id) is None
    assert _code_row(ctx, code)["bound_key"] == x.key_hex


def test_the_same_device_with_another_key_is_held(ctx: ServerContext, work: Packs, intern: Intern) -> None:
    code = admin.create_enrollment(ctx, intern.username).code
    x = Laptop()
    work.assert_applied(x, code=code)
    impostor = Laptop(device_id=x.device_id)  # knows her device id (it is in every pack she wrote)
    held = work.assert_held(impostor, code=code)
    assert "another key" in held.reason


def test_an_expired_unused_code_is_held_but_a_bound_code_outlives_its_expiry(
    ctx: ServerContext, work: Packs, intern: Intern
) -> None:
    unused = admin.create_enrollment(ctx, intern.username).code
    _expire(ctx, unused)
    x = Laptop()
    held = work.assert_held(x, code=unused)
    assert "expired" in held.reason
    assert _code_row(ctx, unused)["device_row_id"] is None
    assert _device_row(ctx, intern.user_id, x.device_id) is None

    bound = admin.create_enrollment(ctx, intern.username).code
    work.assert_applied(x, code=bound)
    _expire(ctx, bound)
    work.assert_applied(x, code=bound)  # weeks offline after her first pack lose nothing
    work.assert_held(Laptop(), code=bound)


def test_unknown_used_foreign_and_missing_proofs_are_held(
    ctx: ServerContext, work: Packs, intern: Intern
) -> None:
    admin.add_user(ctx, "zarmina", "intern", cohort="Mohmand")
    hers = admin.create_enrollment(ctx, "zarmina").code
    work.assert_held(Laptop(), code="ABCD-EFGH-JKLM")  # never issued
    work.assert_held(Laptop(), code=hers)  # a real code, but another intern's: work "as gul" is refused
    assert _code_row(ctx, hers)["device_row_id"] is None
    work.assert_held(Laptop())  # no proof at all
    # A code redeemed before the server remembered which device redeemed it (older installs).
    used = admin.create_enrollment(ctx, intern.username).code
    with ctx.engine.begin() as conn:
        conn.execute(
            update(t.enrollment_codes)
            .where(t.enrollment_codes.c.code_hash == code_sha256(used))
            .values(used_at=utcnow())
        )
    work.assert_held(Laptop(), code=used)
    # Her account was switched off: even a fresh code of hers vouches for nothing.
    fresh = admin.create_enrollment(ctx, intern.username).code
    with ctx.engine.begin() as conn:
        conn.execute(update(t.users).where(t.users.c.id == intern.user_id).values(active=False))
    work.assert_held(Laptop(), code=fresh)


def test_a_code_redeemed_online_vouches_only_for_that_device_and_key(
    ctx: ServerContext, client: TestClient, work: Packs, intern: Intern
) -> None:
    code = admin.create_enrollment(ctx, intern.username).code
    x = Laptop()
    assert _enroll(client, code, x) == 200
    row = _code_row(ctx, code)
    assert row["used_at"] is not None and row["bound_key"] == x.key_hex
    work.assert_applied(x, code=code)
    work.assert_held(Laptop(), code=code)
    work.assert_held(Laptop(device_id=x.device_id), code=code)


def test_a_code_redeemed_online_without_a_key_vouches_for_no_pack(
    ctx: ServerContext, client: TestClient, work: Packs, intern: Intern
) -> None:
    """An older app exchanged the code without saying its key: a code proof naming that device could be
    anyone's (the device id is printed in every pack), so it is held; the device uses its token instead."""
    code = admin.create_enrollment(ctx, intern.username).code
    x = Laptop()
    assert _enroll(client, code, x, key_hex=None) == 200
    assert _code_row(ctx, code)["bound_key"] is None
    held = work.assert_held(x, code=code)
    assert "key" in held.reason
    work.assert_held(Laptop(device_id=x.device_id), code=code)


def test_a_revoked_or_wipe_ordered_device_is_held(ctx: ServerContext, work: Packs, intern: Intern) -> None:
    proofs: list[tuple[Laptop, dict[str, str], str]] = []
    for order in ("revoke", "wipe"):
        code_laptop, token_laptop = Laptop(), Laptop()
        code = admin.create_enrollment(ctx, intern.username).code
        token = admin.issue_token(ctx, intern.username, token_laptop.device_id)
        proofs += [(code_laptop, {"code": code}, order), (token_laptop, {"token": token}, order)]
    for laptop, proof, _order in proofs:
        work.assert_applied(laptop, **proof)
    for laptop, _proof, order in proofs:
        (admin.revoke_device if order == "revoke" else admin.wipe_device)(
            ctx, laptop.device_id, intern.username
        )
    for laptop, proof, _order in proofs:
        assert "revoked or ordered wiped" in work.assert_held(laptop, **proof).reason


# ---------------------------------------------------------------- token proofs


def test_token_proof_counts_only_with_the_devices_current_token(
    ctx: ServerContext, work: Packs, intern: Intern
) -> None:
    laptop = Laptop()
    old = admin.issue_token(ctx, intern.username, laptop.device_id)
    work.assert_applied(laptop, token=old)
    new = admin.issue_token(ctx, intern.username, laptop.device_id)  # she signed in again
    assert "signed in again" in work.assert_held(laptop, token=old).reason
    work.assert_applied(laptop, token=new)
    # A valid token of hers, claimed by a device the server never saw.
    work.assert_held(Laptop(), token=new)
    # A token that is nobody's.
    work.assert_held(laptop, token="not-a-token-the-server-gave")


# ---------------------------------------------------------------- online enrollment after a pack


def test_online_enroll_of_a_code_a_pack_bound_to_another_device_is_refused(
    ctx: ServerContext, client: TestClient, work: Packs, intern: Intern
) -> None:
    code = admin.create_enrollment(ctx, intern.username).code
    x = Laptop()
    work.assert_applied(x, code=code)
    body = {"code": code, "device_id": Laptop().device_id, "device_key": Laptop().key_hex}
    assert_error(client.post("/api/v1/auth/enroll", json=body), 401, "invalid_code")
    # Her laptop's public key is no secret (every pack she writes names it): it does not open the code.
    assert _enroll(client, code, Laptop(), key_hex=x.key_hex) == 401
    assert _enroll(client, code, Laptop(), key_hex=None) == 401
    assert _enroll(client, code, x, key_hex=Laptop().key_hex) == 401  # her device id, another key
    assert _enroll(client, code, x) == 200  # her laptop reaches the network at last
    assert _enroll(client, code, x) == 401  # and the code is used up


# ---------------------------------------------------------------- damaged packs are refused, not held


def test_a_tampered_pack_is_refused_and_not_held(ctx: ServerContext, work: Packs, intern: Intern) -> None:
    code = admin.create_enrollment(ctx, intern.username).code
    path, submission_id = work.write(Laptop(), code=code)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(PackError):
        work.hand_in(path)
    assert work.held_count() == 0 and not work.submitted(submission_id)
    assert _code_row(ctx, code)["device_row_id"] is None


# ---------------------------------------------------------------- the administrator decides


def test_approve_applies_a_held_pack_once_and_reject_applies_nothing(
    ctx: ServerContext, work: Packs, intern: Intern
) -> None:
    code = admin.create_enrollment(ctx, intern.username).code
    _expire(ctx, code)
    first, first_submission = work.write(Laptop(), code=code)
    second, second_submission = work.write(Laptop(), code=code)
    held_first = work.hand_in(first).held
    held_second = work.hand_in(second).held
    assert held_first is not None and held_second is not None
    assert {h.id for h in packs.held_packs(ctx)} == {held_first.id, held_second.id}

    done = packs.approve_held(ctx, held_first.id)
    assert done.counts()["applied"] == 1 and work.submitted(first_submission)
    with pytest.raises(DomainError) as again:
        packs.approve_held(ctx, held_first.id)
    assert again.value.code == "invalid_state"
    with ctx.engine.connect() as conn:
        count = conn.execute(
            select(func.count()).select_from(t.submissions).where(t.submissions.c.id == first_submission)
        ).scalar_one()
    assert count == 1

    held_dir = ctx.config.data_dir / "held"
    assert (held_dir / f"{held_second.id}.fieldpack").exists()
    packs.reject_held(ctx, held_second.id)
    assert not (held_dir / f"{held_second.id}.fieldpack").exists()
    assert not work.submitted(second_submission)
    with pytest.raises(DomainError):
        packs.approve_held(ctx, held_second.id)
    assert not work.submitted(second_submission)
    assert packs.held_packs(ctx) == []
    assert {h.status for h in packs.held_packs(ctx, all_states=True)} == {"approved", "rejected"}


@pytest.mark.parametrize(
    "database_url", ["sqlite"], indirect=True
)  # the CLI is a front; the rules ran on both
def test_pack_held_list_approve_reject_from_the_command_line(
    ctx: ServerContext, work: Packs, intern: Intern
) -> None:
    laptop = Laptop()
    first, first_submission = work.write(laptop, token="a-token-from-before-she-signed-in-again")
    second, second_submission = work.write(laptop, token="another-stale-token")
    imported = server_cli(ctx, "pack", "import", str(first))
    assert imported.returncode == 0, imported.stderr
    assert "held" in imported.stdout and not work.submitted(first_submission)
    assert work.hand_in(second).held is not None
    ids = [h.id for h in packs.held_packs(ctx)]
    assert len(ids) == 2

    listed = server_cli(ctx, "pack", "held", "list")
    assert listed.returncode == 0, listed.stderr
    assert all(held_id in listed.stdout for held_id in ids) and intern.username in listed.stdout

    approved = server_cli(ctx, "pack", "held", "approve", ids[0])
    assert approved.returncode == 0, approved.stderr
    assert "1 new" in approved.stdout
    rejected = server_cli(ctx, "pack", "held", "reject", ids[1])
    assert rejected.returncode == 0, rejected.stderr

    assert [s for s in (first_submission, second_submission) if work.submitted(s)] == [first_submission]
    assert packs.held_packs(ctx) == []
    assert {(h.id, h.status) for h in packs.held_packs(ctx, all_states=True)} == {
        (ids[0], "approved"),
        (ids[1], "rejected"),
    }
    assert list((ctx.config.data_dir / "held").iterdir()) == []
