"""Private files and folders: owner-only modes whatever the umask, atomic private writes, a profile lock.

On a shared laptop another OS user must not read a person's folder, so fieldapp's data folders are 0700
and its files 0600. New files are created with those modes from the first byte (``mkstemp`` or
``os.open(..., 0o600)``); :func:`tighten_profile` fixes what an older version left at 0755/0644.

Windows has no POSIX modes (a user's profile folder is private by its ACL already), so mode changes are
skipped there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

__all__ = [
    "PRIVATE_DIR_MODE",
    "PRIVATE_FILE_MODE",
    "exclusive_lock",
    "fsync_dir",
    "make_private_dir",
    "make_private_file",
    "tighten",
    "tighten_profile",
    "write_private",
]

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_POSIX = os.name == "posix"

#: What fieldapp keeps in a profile or device folder; only these are walked when modes are fixed, so a
#: profile pointed at a folder that holds other things (``--profile ~``) never has those touched.
_OWN_ENTRIES = (
    "fieldapp.db",
    "fieldapp.db-wal",
    "fieldapp.db-shm",
    "fieldapp.db-journal",
    "backups",
    "blobs",
    "logs",
    "tmp",
    "credentials.json",
    "vault.json",
    "settings.json",
    "gui.ini",
    "device_key.pem",
    "people.json",
    "device.json",
    "server.json",
    "profiles",
    ".convert.lock",
)


def tighten(path: Path) -> bool:
    """Make one file 0600 or one folder 0700 (no-op on Windows, or when it is already so).

    Returns True when the mode had to change (an older install's folder: look inside it too).
    """
    if not _POSIX:
        return False
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return False  # never follow a link out of the profile
    wanted = PRIVATE_DIR_MODE if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE_MODE
    if stat.S_IMODE(info.st_mode) == wanted:
        return False
    try:
        os.chmod(path, wanted)
    except OSError as exc:  # a file owned by someone else: say so in the log, keep working
        log.warning("could not make %s private: %s", path, exc.strerror)
    return True


def _tighten_tree(root: Path) -> None:
    # A folder that is private already was made by this version, which creates everything private:
    # only an older install's (0755) folder needs the walk, so opening a profile stays fast.
    if not tighten(root) or not root.is_dir() or root.is_symlink():
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        for name in [*dirnames, *filenames]:
            tighten(base / name)


def tighten_profile(folder: Path, extra: Iterable[str] = ()) -> None:
    """Make ``folder`` 0700 and every fieldapp file and folder inside it private (fixes older installs).

    Only fieldapp's own entries (and ``extra`` names, e.g. the GUI settings file) are touched; the
    contents of a folder are walked only when the folder itself was not private yet.
    """
    if not _POSIX or not folder.is_dir():
        return
    tighten(folder)
    for name in (*_OWN_ENTRIES, *extra):
        entry = folder / name
        if entry.is_dir() and not entry.is_symlink():
            _tighten_tree(entry)
        else:
            tighten(entry)
    # Settings files whose names other parts choose (``*.json``/``*.ini`` beside the database).
    for entry in folder.iterdir():
        if entry.is_file() and entry.suffix in {".json", ".ini", ".toml"}:
            tighten(entry)


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents, each 0700, and make ``path`` 0700; return it."""
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            pass
        tighten(folder)
    tighten(path)
    return path


def make_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (so SQLite and loggers inherit 0600)."""
    if path.exists():
        tighten(path)
        return
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        os.close(fd)
    tighten(path)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (Windows cannot open a folder; NTFS journals it)."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file, fsync, rename), readable only by the owner."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file 0600 from the start: a key is never readable by others, even briefly.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive OS lock on ``path`` (created 0600) for the block; waits for another holder.

    Used so two fieldapp processes (the app and a CLI command) never convert one profile at once.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    handle: IO[bytes] = os.fdopen(fd, "r+b")
    try:
        if os.name == "nt":  # pragma: no cover - Windows only
            import msvcrt

            handle.write(b"\0")
            handle.flush()
            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()
