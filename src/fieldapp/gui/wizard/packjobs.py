"""Pack import and export off the GUI thread, with progress handed back through a signal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from fieldapp.bundles.local import ContentImport, WorkExport
from fieldapp.core.app import FieldApp
from fieldapp.core.vault import DataKey
from fieldapp.device.packs import export_from_profile, import_into_profile
from fieldapp.device.setup import Device

__all__ = ["ProgressRelay", "export_for_person", "import_for_people"]


class ProgressRelay(QObject):
    """Lives on the GUI thread; a worker calls :meth:`report` and the GUI gets ``progress`` queued."""

    progress = Signal(int, int)  # done, total (permille of the whole job)

    def report(self, done: int, total: int) -> None:
        """Thread-safe: the signal is delivered on the relay's (GUI) thread."""
        self.progress.emit(done, total)


def import_for_people(
    device_dir: Path,
    pack: Path,
    profiles: Sequence[tuple[Path, DataKey | None]],
    report: Callable[[int, int], None],
) -> list[ContentImport]:
    """Import ``pack`` into each (profile, her data key) (on a worker thread: it opens and closes its own
    stores).

    Progress runs 0..1000 over the whole job, each person's checking and files being a share of it.
    """
    device = Device.open(device_dir)
    results: list[ContentImport] = []
    share = 1000 // max(1, len(profiles))
    for index, (profile, key) in enumerate(profiles):
        base = index * share

        def step(_stage: str, done: int, total: int, base: int = base) -> None:
            report(base + (share * done // total if total else share), 1000)

        with FieldApp.open(profile, key=key) as app:
            results.append(import_into_profile(app, pack, step, device))
    report(1000, 1000)
    return results


def export_for_person(profile: Path, out: Path, key: DataKey | None = None) -> WorkExport:
    """Write her unsent work to ``out`` (on a worker thread; ``key`` opens a PIN-locked profile)."""
    with FieldApp.open(profile, key=key) as app:
        return export_from_profile(app, out)
