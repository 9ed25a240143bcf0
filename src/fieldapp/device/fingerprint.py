"""A fingerprint of the machine, to notice when an install was copied to another laptop from a disk image.

It is a SHA-256 over things that differ between machines but stay put on one machine: the OS install id
(``/etc/machine-id`` on Linux, ``MachineGuid`` on Windows) and the host name. Installers cloning laptops
are told to let each copy get a fresh OS id (sysprep on Windows; Linux images regenerate machine-id on
first boot); the host name usually changes too. Either change is enough.
"""

from __future__ import annotations

import hashlib
import socket
import sys
import uuid
from pathlib import Path

_MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


def _windows_machine_guid() -> str:
    try:
        import winreg  # only exists on Windows

        with winreg.OpenKey(  # type: ignore[attr-defined]
            winreg.HKEY_LOCAL_MACHINE,  # type: ignore[attr-defined]
            r"SOFTWARE\Microsoft\Cryptography",
            0,
            winreg.KEY_READ | winreg.KEY_WOW64_64KEY,  # type: ignore[attr-defined]
        ) as key:
            value, _kind = winreg.QueryValueEx(key, "MachineGuid")  # type: ignore[attr-defined]
            return str(value)
    except (ImportError, OSError):
        return ""


def _linux_machine_id(files: tuple[Path, ...]) -> str:
    for path in files:
        try:
            value = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if value:
            return value
    return ""


def os_install_id(machine_id_files: tuple[Path, ...] = _MACHINE_ID_FILES) -> str:
    """The OS's own per-install id, or the network card address when there is none."""
    found = _windows_machine_guid() if sys.platform == "win32" else _linux_machine_id(machine_id_files)
    # uuid.getnode() is the MAC address (or a random number when none can be read): weaker, but still
    # different on a copied laptop.
    return found or f"node-{uuid.getnode():012x}"


def machine_fingerprint(install_id: str | None = None, hostname: str | None = None) -> str:
    """SHA-256 hex of the OS install id and host name (arguments override, for tests)."""
    parts = (install_id if install_id is not None else os_install_id(), hostname or socket.gethostname())
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
