"""The whole first-run wizard, offline, with setup files and a content pack from a "USB stick", then the
person switcher with PINs. Offscreen, pytest-qt signals, no sleeps."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from fieldapp.core.app import FieldApp
from fieldapp.core.vault import ProfileLocked
from fieldapp.device.enrollment import pending_code
from fieldapp.device.setup import Device
from fieldapp.gui.i18n import LanguageManager
from fieldapp.gui.settings import GuiSettings
from fieldapp.gui.wizard.first_run import FirstRunWizard
from fieldapp.gui.wizard.switcher import PersonSwitcher
from fieldapp.server import admin, packs
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def usb_stick(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """What the coordinator puts on the stick: one setup file per person and the cohort's content pack."""
    root = tmp_path_factory.mktemp("usb")
    ctx = ServerContext.open(ServerConfig(data_dir=root / ".server", public_url="http://127.0.0.1:9"))
    admin.demo_seed(ctx)
    for name in ("ayesha", "sana"):
        admin.write_enrollment_file(admin.create_enrollment(ctx, name), root / f"{name}.fieldenroll")
    packs.export_content_pack(ctx, admin.DEMO_COHORT, root / "bajaur.fieldpack")
    ctx.close()
    yield root


@pytest.fixture
def languages(qapp: QApplication) -> Iterator[LanguageManager]:
    manager = LanguageManager()
    yield manager
    manager.install("en")  # leave the application as other tests expect it


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_wizard_sets_up_a_shared_laptop_offline(
    qtbot: Any, tmp_path: Path, usb_stick: Path, languages: LanguageManager, qapp: QApplication
) -> None:
    laptop = tmp_path / "laptop"
    wizard = FirstRunWizard(laptop, languages)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    # 1. Language first: Urdu turns the whole wizard right-to-left.
    wizard.language_page.select("ur")
    qtbot.waitUntil(lambda: wizard.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    # 2. Setup files from the stick; a damaged file is refused with a message.
    setup = wizard.setup_page
    assert wizard.currentPage() is setup and not next_button.isEnabled()
    junk = tmp_path / "junk.fieldenroll"
    junk.write_text("{not json")
    assert not setup.add_setup_file(junk) and setup.error.text()
    assert setup.add_setup_file(usb_stick / "ayesha.fieldenroll")
    assert setup.add_setup_file(usb_stick / "sana.fieldenroll")
    assert not setup.add_setup_file(usb_stick / "sana.fieldenroll")  # not twice
    qtbot.waitUntil(next_button.isEnabled)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    # 3. People, each with a PIN typed twice; Next stays off until both are right.
    people = wizard.people_page
    assert [f.setup.username for f in people.forms] == ["ayesha", "sana"]
    ayesha, sana = people.forms
    _type(qtbot, ayesha.pin_edit, "1357")
    _type(qtbot, ayesha.pin_again, "1358")
    assert not next_button.isEnabled() and people.hint.text()
    _type(qtbot, ayesha.pin_again, "1357")
    _type(qtbot, sana.name_edit, "Sana Gul")
    _type(qtbot, sana.pin_edit, "2468")
    _type(qtbot, sana.pin_again, "2468")
    qtbot.waitUntil(next_button.isEnabled)
    # Making each person (PIN hash, vault key) runs off the GUI thread; the page moves on by itself.
    with qtbot.waitSignal(people.people_saved, timeout=30_000) as saved:
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert saved.args == [True]
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.content_page)

    # 4. A tampered pack is refused and imports nothing; the real one imports with progress.
    content = wizard.content_page
    tampered = tmp_path / "tampered.fieldpack"
    raw = bytearray((usb_stick / "bajaur.fieldpack").read_bytes())
    raw[len(raw) // 3] ^= 0x01
    tampered.write_bytes(bytes(raw))
    content.path_edit.setText(str(tampered))
    with qtbot.waitSignal(content.import_finished, timeout=30_000) as refused:
        qtbot.mouseClick(content.import_button, Qt.MouseButton.LeftButton)
    assert refused.args == [False] and content.error.text()
    content.path_edit.setText(str(usb_stick / "bajaur.fieldpack"))
    with qtbot.waitSignal(content.import_finished, timeout=30_000) as imported:
        qtbot.mouseClick(content.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [True]
    assert content.progress.value() == 1000
    qtbot.waitUntil(next_button.isEnabled)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    # 5. Finish.
    assert wizard.currentPage() is wizard.finish_page and "Sana Gul" in wizard.finish_page.summary.text()
    with qtbot.waitSignal(wizard.setup_done, timeout=5_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    # The laptop: two people, their own profiles with their own share of the pack, codes kept for
    # first contact, the server key pinned, the chosen language remembered.
    device = Device.open(laptop)
    by_name = {p.display_name: p for p in device.people.people()}
    assert set(by_name) == {"Ayesha", "Sana Gul"}
    assert device.server is not None and device.server.key
    expected_tasks = {"Ayesha": 3, "Sana Gul": 2}
    pins = {"Ayesha": "1357", "Sana Gul": "2468"}
    for name, person in by_name.items():
        profile = device.people.profile_dir(person.id)
        # Her data is locked by her PIN: nothing opens it without.
        with pytest.raises(ProfileLocked):
            FieldApp.open(profile)
        unlocked = device.people.unlock(person.id, pins[name])
        with unlocked.open_app() as app:
            assert len(app.tasks.list()) == expected_tasks[name]
            assert app.session is not None and app.session.user.username == person.username
        assert pending_code(profile, device.server.url, unlocked.key)
        assert GuiSettings.load(profile).language == "ur"


def test_person_switcher_needs_her_pin(
    qtbot: Any, tmp_path: Path, languages: LanguageManager, qapp: QApplication
) -> None:
    device = Device.open(tmp_path / "laptop")
    device.people.add("Amina", "1111")
    sana = device.people.add("Sana", "2222")
    switcher = PersonSwitcher(device.dir)
    qtbot.addWidget(switcher)
    switcher.show()
    switcher.select("Sana")
    with qtbot.waitSignal(switcher.pin_refused, timeout=10_000) as refused:
        qtbot.keyClicks(switcher.pin_edit, "1111")  # Amina's PIN does not open Sana's space
        qtbot.keyClick(switcher.pin_edit, Qt.Key.Key_Return)
    assert "2" in refused.args[0] and switcher.chosen_profile is None
    qtbot.waitUntil(switcher.pin_edit.isEnabled)
    with qtbot.waitSignal(switcher.person_chosen, timeout=10_000) as chosen:
        qtbot.keyClicks(switcher.pin_edit, "2222")
        qtbot.keyClick(switcher.pin_edit, Qt.Key.Key_Return)
    assert chosen.args == [device.people.profile_dir(sana.id)]
    assert switcher.unlocked is not None and switcher.chosen_key == device.people.unlock(sana.id, "2222").key


def test_person_switcher_locks_after_repeated_wrong_pins(
    qtbot: Any, tmp_path: Path, languages: LanguageManager, qapp: QApplication
) -> None:
    device = Device.open(tmp_path / "laptop")
    device.people.add("Amina", "1111")
    switcher = PersonSwitcher(device.dir)
    qtbot.addWidget(switcher)
    switcher.show()
    messages = []
    for _ in range(3):
        qtbot.waitUntil(switcher.pin_edit.isEnabled)
        with qtbot.waitSignal(switcher.pin_refused, timeout=10_000) as refused:
            qtbot.keyClicks(switcher.pin_edit, "9999")
            qtbot.keyClick(switcher.pin_edit, Qt.Key.Key_Return)
        messages.append(refused.args[0])
    assert "wait" in messages[-1] and "30" in messages[-1]
    assert not switcher.pin_edit.isEnabled()  # no more guessing during the wait


def test_main_window_pack_dialogs_import_and_export_with_progress(
    qtbot: Any, tmp_path: Path, usb_stick: Path, languages: LanguageManager, qapp: QApplication
) -> None:
    from fieldapp.device.enrollment import read_setup_file
    from fieldapp.gui.wizard.pack_dialogs import ExportWorkDialog, ImportPackDialog

    device = Device.open(tmp_path / "laptop")
    ayesha = device.people.add_and_unlock("Ayesha", "1357")
    device.enroll_person(ayesha.person, read_setup_file(usb_stick / "ayesha.fieldenroll"), ayesha.key)
    profile = ayesha.profile_dir

    importer = ImportPackDialog(profile, key=ayesha.key)
    qtbot.addWidget(importer)
    importer.path_edit.setText(str(usb_stick / "bajaur.fieldpack"))
    with qtbot.waitSignal(importer.pack_done, timeout=30_000) as imported:
        qtbot.mouseClick(importer.action_button, Qt.MouseButton.LeftButton)
    assert imported.args == [True] and importer.progress.value() == 1000

    with ayesha.open_app() as app:
        app.submissions.submit(app.tasks.list()[0].id, "Written offline.")
    exporter = ExportWorkDialog(profile, key=ayesha.key)
    qtbot.addWidget(exporter)
    out = tmp_path / "stick" / "ayesha-work.fieldpack"
    exporter.path_edit.setText(str(out))
    with qtbot.waitSignal(exporter.pack_done, timeout=30_000) as exported:
        qtbot.mouseClick(exporter.action_button, Qt.MouseButton.LeftButton)
    assert exported.args == [True] and out.is_file()
    assert "1 changes" in exporter.status.text() or "1 change" in exporter.status.text()


def _when_modal(kind: type, act: Any) -> None:
    """Run ``act(dialog)`` once the modal dialog of ``kind`` is up (inside its own event loop)."""
    from PySide6.QtCore import QTimer

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_app_start_asks_who_is_using_a_shared_laptop(
    qtbot: Any, tmp_path: Path, languages: LanguageManager, qapp: QApplication
) -> None:
    from fieldapp.gui.wizard.entry import choose_profile

    device = Device.open(tmp_path / "laptop")
    device.people.add("Amina", "1111")
    sana = device.people.add("Sana", "2222")

    def sign_in(switcher: PersonSwitcher) -> None:
        switcher.select("Sana")
        switcher.pin_edit.setText("2222")
        switcher.try_open()

    _when_modal(PersonSwitcher, sign_in)
    choice = choose_profile(device.dir, languages)
    assert choice is not None and choice.profile_dir == device.people.profile_dir(sana.id)
    assert choice.key == device.people.unlock(sana.id, "2222").key


def test_app_start_with_setup_skipped_is_a_one_person_profile(
    qtbot: Any, tmp_path: Path, languages: LanguageManager, qapp: QApplication
) -> None:
    from fieldapp.gui.wizard.entry import choose_profile

    _when_modal(FirstRunWizard, lambda wizard: wizard.reject())
    choice = choose_profile(tmp_path / "new", languages)
    assert choice is not None and choice.profile_dir == tmp_path / "new" and choice.key is None
