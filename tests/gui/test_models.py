"""Every item model passes pytest-qt's model tester, and filters/sorting do what the screens rely on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytestqt.modeltest import ModelTester

from fieldapp.gui.models.table import ITEM_ROLE, Column, FilterProxy, RecordTableModel


@dataclass
class Row:
    name: str
    n: int


COLUMNS = [
    Column(title=lambda: "Name", text=lambda r: r.name),
    Column(title=lambda: "Number", text=lambda r: str(r.n), sort_key=lambda r: r.n),
]


def test_record_table_model_passes_modeltester(qtmodeltester: ModelTester) -> None:
    model: RecordTableModel[Row] = RecordTableModel(COLUMNS)
    model.set_rows([Row(f"row {i}", i) for i in range(20)])
    qtmodeltester.check(model)
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    proxy.set_predicate(lambda r: r.n % 2 == 0)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 10


def test_filter_proxy_sorts_numbers_numerically() -> None:
    model: RecordTableModel[Row] = RecordTableModel(COLUMNS)
    model.set_rows([Row("a", 10), Row("b", 9), Row("c", 100)])
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(1)
    assert [proxy.index(i, 0).data(ITEM_ROLE).n for i in range(3)] == [9, 10, 100]
    proxy.setFilterFixedString("C")
    assert proxy.rowCount() == 1


def test_attachment_model_passes_modeltester_and_makes_thumbnails(
    qtmodeltester: ModelTester, tmp_path: Any, styled_app: Any
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage

    from fieldapp.core.blobs import BlobStore
    from fieldapp.gui.models.attachments import AttachmentListModel

    blobs = BlobStore(tmp_path / "blobs")
    photo = tmp_path / "photo.jpg"
    image = QImage(1200, 800, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    image.save(str(photo))
    refs = [blobs.put_file(photo), blobs.put_bytes(b"notes", "notes.txt", "text/plain")]
    model = AttachmentListModel(blobs)
    model.set_refs(refs)
    qtmodeltester.check(model)
    thumb = model.index(0).data(Qt.ItemDataRole.DecorationRole).pixmap(96, 96)
    assert 0 < thumb.width() <= 96  # decoded at thumbnail size
    model.append(refs[0])  # the same content twice is one attachment
    assert model.rowCount() == 2
    model.remove(0)
    assert [r.name for r in model.refs()] == ["notes.txt"]


def test_coordinator_models_pass_modeltester(make_window: Any, qtmodeltester: ModelTester) -> None:
    from .seed import COORDINATOR

    window = make_window(user=COORDINATOR)
    dashboard = window.show_page("dashboard")
    qtmodeltester.check(dashboard.model)
    assert {r.name for r in dashboard.model.rows()} == {"Ayesha", "Sana"}
    tasks = window.show_page("task_admin")
    qtmodeltester.check(tasks.model)
    qtmodeltester.check(tasks.proxy)
    assert tasks.model.rowCount() == 3
