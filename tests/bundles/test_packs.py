"""Packs round-trip, and every kind of damage or tampering is refused with nothing left behind."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from fieldapp.bundles import PackError, PackLimits, crypto, open_content_pack, open_work_pack, peek_manifest
from fieldapp.bundles.manifest import MANIFEST_NAME, SIGNATURE_NAME

from .zipedit import add_symlink, entries, flip_byte, rewrite


def _member_names(pack: Path) -> list[str]:
    return [name for name, _ in entries(pack)]


def _assert_refused_content(
    pack: Path, key: Ed25519PrivateKey, staging: Path, match: str | None = None
) -> PackError:
    with (
        pytest.raises(PackError, match=match) as caught,
        open_content_pack(pack, trusted_key=key.public_key(), staging_parent=staging),
    ):
        pytest.fail("a bad pack was opened")
    # Nothing staged survives a refusal.
    assert list(staging.iterdir()) == []
    return caught.value


def test_content_pack_round_trip(content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    with open_content_pack(content_pack, trusted_key=server_key.public_key(), staging_parent=staging) as pack:
        assert pack.manifest.kind == "content"
        assert pack.manifest.record_count == 2
        assert [c.kind.value for c in pack.changes] == ["module", "task"]
        assert len(pack.blobs) == 2
        for sha, path in pack.blobs.items():
            assert crypto.hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert list(staging.iterdir()) == []


def test_work_pack_round_trip(
    work_pack: Path, server_key: Ed25519PrivateKey, device_key: Ed25519PrivateKey
) -> None:
    with open_work_pack(
        work_pack, server_key=server_key, signer_for=lambda _m: device_key.public_key()
    ) as pack:
        assert pack.manifest.device_id == "dev-1"
        assert len(pack.mutations) == 1
        (sha,) = pack.blobs
        assert pack.mutations[0].payload["attachments"][0]["sha256"] == sha


def test_work_pack_is_unreadable_without_the_server_key(work_pack: Path) -> None:
    raw = work_pack.read_bytes()
    # The attachment bytes and the submission text must not appear in the clear.
    assert b"The well is dry" not in raw
    assert bytes(range(256)) not in raw
    with (
        pytest.raises(PackError, match="different server"),
        open_work_pack(work_pack, server_key=Ed25519PrivateKey.generate()),
    ):
        pass


@pytest.mark.parametrize("member_index", range(5))
def test_flipped_byte_in_each_member_is_refused(
    content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path, member_index: int
) -> None:
    names = _member_names(content_pack)
    assert len(names) == 5  # records, 2 blobs, manifest, signature
    target = names[member_index]

    def tamper(items: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
        if target == SIGNATURE_NAME:
            # Keep it valid hex so the signature check itself must catch it.
            return [
                (n, (b"0" + d[1:]) if d[:1] != b"0" else (b"1" + d[1:])) if n == target else (n, d)
                for n, d in items
            ]
        return [(n, flip_byte(d) if n == target else d) for n, d in items]

    bad = rewrite(content_pack, tmp_path / "bad.fieldpack", tamper)
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(bad, server_key, staging)


def test_raw_byte_flips_anywhere_in_the_file_are_refused(
    content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    raw = content_pack.read_bytes()
    staging = tmp_path / "staging"
    staging.mkdir()
    with open_content_pack(content_pack, trusted_key=server_key.public_key()) as good:
        expected = (
            [c.model_dump() for c in good.changes],
            {s: p.read_bytes() for s, p in good.blobs.items()},
        )
    refused = 0
    # Flip bytes across the whole file (headers, compressed data, directory).
    for position in range(0, len(raw), max(1, len(raw) // 60)):
        bad = tmp_path / "raw.fieldpack"
        bad.write_bytes(flip_byte(raw, position))
        try:
            with open_content_pack(bad, trusted_key=server_key.public_key(), staging_parent=staging) as pack:
                # A flip in bytes zip ignores (a timestamp, a "version made by") leaves the content intact:
                # then what comes out must be exactly what went in.
                got = (
                    [c.model_dump() for c in pack.changes],
                    {s: p.read_bytes() for s, p in pack.blobs.items()},
                )
                assert got == expected
        except PackError:
            refused += 1
        assert list(staging.iterdir()) == []
    assert refused > 40


def test_flip_in_work_payload_is_refused(
    work_pack: Path, server_key: Ed25519PrivateKey, device_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    for target in _member_names(work_pack):
        bad = rewrite(
            work_pack,
            tmp_path / "bad.fieldpack",
            lambda items, t=target: [(n, flip_byte(d) if n == t else d) for n, d in items],
        )
        with (
            pytest.raises(PackError),
            open_work_pack(bad, server_key=server_key, signer_for=lambda _m: device_key.public_key()),
        ):
            pass


@pytest.mark.parametrize("member_index", range(5))
def test_removed_member_is_refused(
    content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path, member_index: int
) -> None:
    target = _member_names(content_pack)[member_index]
    bad = rewrite(
        content_pack, tmp_path / "bad.fieldpack", lambda items: [(n, d) for n, d in items if n != target]
    )
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(bad, server_key, staging)


def test_extra_member_is_refused(content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path) -> None:
    bad = rewrite(content_pack, tmp_path / "bad.fieldpack", lambda items: [*items, ("notes.txt", b"hi")])
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(bad, server_key, staging, match="does not list")


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/evil", "blobs/../../evil", "C:/evil", "blobs\\..\\evil", "./x"]
)
def test_path_traversal_names_are_refused(
    content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path, name: str
) -> None:
    bad = rewrite(content_pack, tmp_path / "bad.fieldpack", lambda items: [*items, (name, b"owned")])
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(bad, server_key, staging, match="unsafe name")
    assert not (tmp_path / "evil.txt").exists()


def test_signed_manifest_listing_a_traversal_path_is_refused(
    server_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    # Even a pack the trusted key signed may not name a path outside the pack.
    records = b""
    manifest = {
        "format": 1,
        "kind": "content",
        "creator": "x",
        "created_at": "2026-01-01T00:00:00Z",
        "record_count": 0,
        "members": {
            "records.jsonl": {"sha256": crypto.hashlib.sha256(records).hexdigest(), "size": 0},
            "../x": {"sha256": crypto.hashlib.sha256(b"a").hexdigest(), "size": 1},
        },
        "signer_key": crypto.public_key_hex(server_key),
    }
    raw = json.dumps(manifest).encode()
    pack = tmp_path / "p.fieldpack"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr(MANIFEST_NAME, raw)
        archive.writestr(SIGNATURE_NAME, crypto.sign(server_key, raw).hex())
        archive.writestr("records.jsonl", records)
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(pack, server_key, staging)


def test_symlink_member_is_refused(content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path) -> None:
    bad = add_symlink(content_pack, tmp_path / "bad.fieldpack", "blobs/" + "a" * 64, "/etc/passwd")
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(bad, server_key, staging, match="link")


def test_duplicate_member_is_refused(
    content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    bad = rewrite(content_pack, tmp_path / "bad.fieldpack", lambda items: [*items, ("records.jsonl", b"{}")])
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(bad, server_key, staging, match="twice")


def test_wrong_key_is_refused(content_pack: Path, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(
        content_pack, Ed25519PrivateKey.generate(), staging, match="signature does not match"
    )


def test_work_pack_from_an_unknown_device_key_is_refused(
    work_pack: Path, server_key: Ed25519PrivateKey
) -> None:
    with (
        pytest.raises(PackError, match="signature does not match"),
        open_work_pack(
            work_pack, server_key=server_key, signer_for=lambda _m: Ed25519PrivateKey.generate().public_key()
        ),
    ):
        pass


def test_work_pack_is_not_a_content_pack(
    work_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    _assert_refused_content(work_pack, server_key, staging, match="not a content pack")


def test_truncated_pack_is_refused(content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path) -> None:
    raw = content_pack.read_bytes()
    staging = tmp_path / "staging"
    staging.mkdir()
    for keep in (len(raw) // 3, len(raw) - 30):
        bad = tmp_path / "cut.fieldpack"
        bad.write_bytes(raw[:keep])
        _assert_refused_content(bad, server_key, staging, match="damaged or incomplete")


def test_oversized_member_is_refused(
    content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    limits = PackLimits(max_member_bytes=1000)
    with (
        pytest.raises(PackError, match="too large"),
        open_content_pack(content_pack, trusted_key=server_key.public_key(), limits=limits),
    ):
        pass


def test_too_many_members_is_refused(content_pack: Path, server_key: Ed25519PrivateKey) -> None:
    with (
        pytest.raises(PackError, match="too many files"),
        open_content_pack(
            content_pack, trusted_key=server_key.public_key(), limits=PackLimits(max_members=2)
        ),
    ):
        pass


def test_zip_bomb_is_refused(content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path) -> None:
    bomb = b"\0" * (20 * 1024 * 1024)
    bad = rewrite(
        content_pack, tmp_path / "bomb.fieldpack", lambda items: [*items, ("blobs/" + "b" * 64, bomb)]
    )
    assert bad.stat().st_size < 200_000
    with (
        pytest.raises(PackError, match="suspicious size"),
        open_content_pack(bad, trusted_key=server_key.public_key()),
    ):
        pass


def test_not_a_zip_is_refused(tmp_path: Path, server_key: Ed25519PrivateKey) -> None:
    bad = tmp_path / "x.fieldpack"
    bad.write_text("hello")
    with (
        pytest.raises(PackError, match="not a fieldapp pack"),
        open_content_pack(bad, trusted_key=server_key.public_key()),
    ):
        pass


def test_peek_manifest_describes_the_pack(content_pack: Path) -> None:
    manifest = peek_manifest(content_pack)
    assert (manifest.kind, manifest.record_count, manifest.cohort) == ("content", 2, "c1")


def test_x25519_conversion_matches_private_and_public_halves() -> None:
    for _ in range(10):
        key = Ed25519PrivateKey.generate()
        ours = crypto.x25519_private_from_ed25519(key).public_key().public_bytes_raw()
        assert ours == crypto.x25519_public_from_ed25519(key.public_key()).public_bytes_raw()


def test_import_that_would_leave_under_250_mb_is_refused(
    content_pack: Path, server_key: Ed25519PrivateKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collections import namedtuple

    from fieldapp.bundles import space

    usage = namedtuple("usage", "total used free")
    # 250 MB plus a little: the pack itself would eat into the reserve.
    monkeypatch.setattr(space.shutil, "disk_usage", lambda _p: usage(10**12, 0, 250 * 1024 * 1024 + 1000))
    staging = tmp_path / "staging"
    staging.mkdir()
    error = _assert_refused_content(content_pack, server_key, staging, match="Not enough free disk space")
    assert "250 MB" in str(error)
    monkeypatch.undo()  # with the real free space the same pack opens
    with open_content_pack(content_pack, trusted_key=server_key.public_key(), staging_parent=staging) as pack:
        assert pack.changes
