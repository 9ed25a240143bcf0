"""Locking a person's profile with her PIN: her vault, and the one-time upgrade of an older profile.

:func:`unlock_with_pin` is what every way in ends with (the person switcher, the CLI): given the right PIN
it returns her data key, creating her vault on first use. A profile set up by a version before data was
encrypted holds a plain database, plain files and plain sign-in secrets: the first unlock converts them in
place (:func:`lock_profile_data`), each piece crash-safely (the old file stays until the new one is
complete and checked), and only then marks the vault ``protected``. A kill half-way therefore loses
nothing; the next unlock simply finishes the job.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from fieldapp.core.blobs import BlobStore
from fieldapp.core.errors import StoreError
from fieldapp.core.private import exclusive_lock, make_private_dir
from fieldapp.core.store import DB_NAME, Store
from fieldapp.core.store.connection import is_plain_sqlite
from fieldapp.core.vault import (
    DataKey,
    create_vault,
    has_vault,
    mark_vault,
    open_vault,
    vault_info,
)
from fieldapp.device.enrollment import PENDING_PREFIX, load_server_pin
from fieldapp.sync.credentials import CredentialStore

__all__ = ["LOCK_FILE", "lock_profile_data", "new_vault", "unlock_with_pin"]

log = logging.getLogger(__name__)

#: Held while a profile is being converted, so the app and a CLI command never convert it at once.
LOCK_FILE = ".convert.lock"


def _server_urls(profile_dir: Path, device_dir: Path | None, store: Store) -> list[str]:
    urls: set[str] = set()
    if device_dir is not None:
        pin = load_server_pin(device_dir)
        if pin is not None:
            urls.add(pin.url)
    row = store.query_one("SELECT server_url FROM session WHERE id = 1")
    if row is not None:
        urls.add(str(row["server_url"]))
    names = [*urls, *(PENDING_PREFIX + url for url in urls)]
    return sorted(names)


def lock_profile_data(profile_dir: Path, key: DataKey, device_dir: Path | None = None) -> None:
    """Encrypt everything an older version left plain in ``profile_dir``; idempotent and resumable.

    Database and its backup copies (``Store.open`` with the key converts them), stored files, sign-in
    secrets (keyring and fallback file), leftovers in ``tmp``; then the vault is marked ``protected``.
    """
    store = Store.open(profile_dir, key)
    try:
        names = _server_urls(profile_dir, device_dir, store)
    finally:
        store.close()
    sealed = BlobStore(profile_dir / "blobs", key).seal_plain_files()
    secrets = CredentialStore(profile_dir, key).seal_existing(names)
    # Pack staging of a session that was killed may hold her records in the clear.
    shutil.rmtree(profile_dir / "tmp", ignore_errors=True)
    mark_vault(profile_dir, protected=True)
    log.info("her data is locked by her PIN (%d file(s), %d sign-in secret(s) converted)", sealed, secrets)


def new_vault(profile_dir: Path, pin: str) -> DataKey:
    """A new person's vault: a fresh data key locked by ``pin`` (nothing to convert yet)."""
    make_private_dir(profile_dir)
    with exclusive_lock(profile_dir / LOCK_FILE):
        key = create_vault(profile_dir, pin)
        mark_vault(profile_dir, protected=True)
    return key


def unlock_with_pin(
    profile_dir: Path, pin: str, key: DataKey | None = None, device_dir: Path | None = None
) -> DataKey:
    """Her data key, her profile fully locked by her PIN.

    ``key`` is the key already unwrapped by the caller (who checked the PIN with it); None means the
    profile has no vault yet and ``pin`` was checked against her PIN hash: a vault is made now. Raises
    ``VaultPinRefused`` for a wrong PIN and ``StoreError`` when her data cannot be converted.
    """
    make_private_dir(profile_dir)
    with exclusive_lock(profile_dir / LOCK_FILE):
        if key is None:
            if has_vault(profile_dir):  # another fieldapp process made it a moment ago
                key = open_vault(profile_dir, pin)
            else:
                db = profile_dir / DB_NAME
                if db.is_file() and db.stat().st_size > 0 and not is_plain_sqlite(db):
                    # Encrypted data without its key file: a new key would not open it, and must not
                    # replace the lost one. Leave everything for support to restore vault.json.
                    raise StoreError(
                        "Her data is locked, but its key file (vault.json) is missing. Nothing was "
                        "changed; ask your coordinator to restore it from a backup."
                    )
                key = create_vault(profile_dir, pin)
        if not vault_info(profile_dir).get("protected"):
            lock_profile_data(profile_dir, key, device_dir)
    return key
