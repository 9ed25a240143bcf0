"""The desktop app on a profile locked by her PIN: her key reaches every part that opens her data, and
attachments reach the system's viewer only when they are a safe kind, from a private decrypted copy."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldapp.core.app import FieldApp
from fieldapp.core.vault import create_vault
from fieldapp.gui.app import Shell, open_context
from fieldapp.gui.models.attachments import AttachmentListModel
from fieldapp.gui.widgets import AttachmentView

from .seed import INTERN, pull, records


@pytest.fixture
def locked_core(tmp_path: Path) -> FieldApp:
    profile = tmp_path / "amina"
    profile.mkdir()
    key = create_vault(profile, "135790")
    core = FieldApp.open(profile, key=key)
    core.set_session(INTERN, "http://127.0.0.1:9", core.device_id)
    pull(core, records())
    return core


def test_her_key_reaches_the_window_and_the_sync_worker(
    qtbot: Any, locked_core: FieldApp, styled_app: QApplication
) -> None:
    key = locked_core.data_key
    profile = locked_core.profile_dir
    locked_core.close()
    ctx = open_context(profile, key=key)
    shell = Shell(ctx)
    try:
        window = shell.build()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert ctx.core.encrypted and ctx.core.tasks.list()
        shell.attach_sync(start=False)
        # The sync worker opens its own FieldApp on its thread: with the same key.
        assert ctx.sync is not None and ctx.sync._worker._key == key
    finally:
        shell.shutdown()


def _photo(tmp_path: Path) -> Path:
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    path = tmp_path / "gate.jpg"
    assert image.save(str(path), "JPG")
    return path


def test_attachments_open_only_when_safe_and_from_a_private_copy(
    qtbot: Any,
    locked_core: FieldApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    styled_app: QApplication,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )
    blobs = locked_core.blobs
    photo = blobs.put_file(_photo(tmp_path))
    disguised = blobs.put_bytes(b"MZ\x90\x00 not a photo", "holiday\u202egpj.exe", "image/jpeg")
    model = AttachmentListModel(blobs)
    model.set_refs([photo, disguised])
    view = AttachmentView(model)
    qtbot.addWidget(view)
    # Thumbnails come from the encrypted store (decrypted in memory).
    thumb = model.index(0).data(Qt.ItemDataRole.DecorationRole).pixmap(96, 96)
    assert 0 < thumb.width() <= 96
    # The shown name has no direction override: it cannot pass for a photo.
    assert model.index(1).data(Qt.ItemDataRole.DisplayRole) == "holidaygpj.exe"

    view.open_file(model.index(0))
    qtbot.waitUntil(lambda: bool(opened))
    copy = Path(opened[0])
    assert copy.name == "gate.jpg" and copy.read_bytes() == _photo(tmp_path).read_bytes()
    assert copy.is_relative_to(locked_core.profile_dir / "blobs" / "view")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700

    view.open_file(model.index(1))
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1 and boxes[0].objectName() == "fileMessage"
    expected = QCoreApplication.translate(
        "Attachments",
        "fieldapp does not open this kind of file (%1), to keep this laptop safe. "
        "Photos, PDF, sound, video and text files open.",
    ).replace("%1", "holidaygpj.exe")
    assert boxes[0].text() == expected
    boxes[0].close()
    assert len(opened) == 1  # nothing more went to the system
    locked_core.close()
    assert not copy.exists()  # closing removes the decrypted copies
