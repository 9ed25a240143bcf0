"""Sign in: the same code path as ``fieldapp login`` (fieldapp.sync.service.login), on a worker thread."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from fieldapp.gui.background import run_in_background
from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg
from fieldapp.gui.screens.base import Page, title_label

__all__ = ["SignInPage"]


class SignInPage(Page):
    """Asks for the server, user name and password; the password is sent once and never stored."""

    key = "signin"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Sign in"), self))
        intro = QLabel(
            self.tr(
                "Sign in once with the name and password your coordinator gave you. After that the app "
                "works without internet."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.server = QLineEdit(self)
        self.server.setObjectName("serverUrl")
        self.server.setPlaceholderText("http://127.0.0.1:8000")
        form.addRow(self.tr("&Server address:"), self.server)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        form.addRow(self.tr("&User name:"), self.username)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Password:"), self.password)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.sign_in_button = QPushButton(self.tr("Sign &in"), self)
        self.sign_in_button.setObjectName("signIn")
        self.sign_in_button.setProperty("primary", True)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.password.returnPressed.connect(self.sign_in)
        row.addWidget(self.sign_in_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("Sign in")

    def sign_in(self) -> None:
        """Sign in on a worker thread; on success the window is rebuilt for her role."""
        from fieldapp.sync.service import login

        server = self.server.text().strip()
        username = self.username.text().strip()
        password = self.password.text()
        if not server or not username or not password:
            self._say(self.tr("Fill in the server address, your user name and your password."), error=True)
            return
        self.password.clear()
        self.sign_in_button.setEnabled(False)
        self._say(self.tr("Signing in…"))
        core = self.ctx.core

        def done(_user: object) -> None:
            self.sign_in_button.setEnabled(True)
            self._say(self.tr("Signed in."))
            signal = getattr(self.window(), "rebuild_requested", None)
            if signal is not None:
                signal.emit()

        def failed(exc: BaseException) -> None:
            self.sign_in_button.setEnabled(True)
            self._say(arg(self.tr("Could not sign in: %1"), str(exc)), error=True)

        run_in_background(lambda: login(core, server, username, password), done, failed, owner=self)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "hint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
