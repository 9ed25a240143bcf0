"""Settings: language, UI scale, and the server this profile syncs with."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import LANGUAGES, format_number
from fieldapp.gui.screens.base import Page, title_label
from fieldapp.gui.settings import SCALES

__all__ = ["SettingsPage"]


class SettingsPage(Page):
    """Presentation settings apply at once (the window is rebuilt in the new language and size)."""

    key = "settings"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Settings"), self))
        form = QFormLayout()
        self.language = QComboBox(self)
        self.language.setObjectName("languageChoice")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("&Language:"), self.language)
        self.scale = QComboBox(self)
        self.scale.setObjectName("scaleChoice")
        for value in SCALES:
            self.scale.addItem(f"{format_number(round(value * 100))}%", value)
        self.scale.setAccessibleName(self.tr("Text and control size"))
        form.addRow(self.tr("Text &size:"), self.scale)
        self.server = QLabel(self)
        self.server.setObjectName("serverAddress")
        self.server.setWordWrap(True)
        form.addRow(self.tr("Server:"), self.server)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton(self.tr("&Apply"), self)
        self.apply_button.setObjectName("applySettings")
        self.apply_button.setProperty("primary", True)
        self.apply_button.clicked.connect(self.apply)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        hint = QLabel(
            self.tr(
                "The server address is set when this laptop is signed in. Ask your coordinator to change it."
            ),
            self,
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self._add_pack_buttons(layout)
        layout.addStretch(1)
        self.refresh()

    def _add_pack_buttons(self, layout: QVBoxLayout) -> None:
        """USB stick packs (the devices helper's dialogs), when the device layer is installed."""
        try:
            from fieldapp.gui.wizard.pack_dialogs import ExportWorkDialog, ImportPackDialog
        except ImportError:
            return
        row = QHBoxLayout()
        label = QLabel(self.tr("USB stick:"), self)
        import_button = QPushButton(self.tr("&Import content pack…"), self)
        import_button.setObjectName("importPack")
        export_button = QPushButton(self.tr("&Export my work…"), self)
        export_button.setObjectName("exportWork")

        def open_dialog(kind: type) -> None:
            dialog = kind(self.ctx.profile_dir, self, key=self.ctx.core.data_key)
            signal = getattr(dialog, "pack_done", None)

            def done(changed: bool) -> None:
                if changed:
                    self.ctx.events.changed.emit()

            if signal is not None:
                signal.connect(done)
            dialog.exec()

        import_button.clicked.connect(lambda: open_dialog(ImportPackDialog))
        export_button.clicked.connect(lambda: open_dialog(ExportWorkDialog))
        row.addWidget(label)
        row.addWidget(import_button)
        row.addWidget(export_button)
        row.addStretch(1)
        layout.addLayout(row)

    def title(self) -> str:
        return self.tr("Settings")

    def refresh(self) -> None:
        settings = self.ctx.settings
        with QSignalBlocker(self.language), QSignalBlocker(self.scale):
            self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
            index = min(range(len(SCALES)), key=lambda i: abs(SCALES[i] - settings.ui_scale))
            self.scale.setCurrentIndex(index)
        session = self.ctx.core.session
        self.server.setText(getattr(session, "server_url", "") or self.tr("Not signed in"))

    def apply(self) -> None:
        """Save the choices and rebuild the window in the new language and size."""
        settings = self.ctx.settings
        settings.language = str(self.language.currentData())
        settings.ui_scale = float(self.scale.currentData())
        settings.save()
        window = self.window()
        signal = getattr(window, "rebuild_requested", None)
        if signal is not None:
            signal.emit()
