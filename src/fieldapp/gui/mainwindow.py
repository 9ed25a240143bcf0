"""The main window: navigation by role on one side, the current screen, and the sync status strip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListView,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.context import GuiContext
from fieldapp.gui.screens.base import Page
from fieldapp.gui.syncstatus import SyncStatusBar

__all__ = ["MainWindow", "pages_for_role"]

PageFactory = Callable[[GuiContext, QWidget], Page]


class PageHolder(QScrollArea):
    """Shows a screen at the window's size, scrolling only when the window is smaller than the screen's
    minimum (tall Nastaliq text, a large UI scale, a small laptop). A plain resizable QScrollArea would
    size word-wrapped screens by their preferred height and scroll even when everything fits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Give the screen the viewport's size, or its minimum where that is larger."""
        page = self.widget()
        if page is None:
            return
        room = self.maximumViewportSize()
        hint = page.minimumSizeHint()
        layout = page.layout()

        def least_height(width: int) -> int:
            if layout is not None and layout.hasHeightForWidth():
                return max(layout.minimumHeightForWidth(width), hint.height())
            return hint.height()

        width = max(room.width(), hint.width())
        if least_height(width) > room.height():
            # A vertical scroll bar will take some width: fit beside it rather than scroll sideways too.
            width = max(room.width() - self.verticalScrollBar().sizeHint().width(), hint.width())
        page.resize(width, max(room.height(), least_height(width)))


def pages_for_role(role: str | None) -> list[PageFactory]:
    """The screens a person sees, in navigation order, by role (None: nobody signed in)."""
    from fieldapp.gui.screens.about import AboutPage
    from fieldapp.gui.screens.settings_page import SettingsPage

    common: list[PageFactory] = [SettingsPage, AboutPage]
    if role is None:
        from fieldapp.gui.screens.signin import SignInPage

        return [SignInPage, *common]
    if role == "intern":
        from fieldapp.gui.screens.tasks import TasksPage
        from fieldapp.gui.screens.training import TrainingPage

        return [TasksPage, TrainingPage, *common]
    if role == "mentor":
        from fieldapp.gui.screens.inbox import InboxPage
        from fieldapp.gui.screens.mentees import MenteesPage

        return [InboxPage, MenteesPage, *common]
    from fieldapp.gui.screens.dashboard import DashboardPage
    from fieldapp.gui.screens.inbox import InboxPage
    from fieldapp.gui.screens.module_editor import ModuleEditorPage
    from fieldapp.gui.screens.task_admin import TaskAdminPage

    return [DashboardPage, ModuleEditorPage, TaskAdminPage, InboxPage, *common]


class MainWindow(QMainWindow):
    """One window per profile. Rebuilt as a whole when the language or the signed-in person changes."""

    rebuild_requested = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("fieldapp"))
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        body = QHBoxLayout()
        body.setSpacing(0)
        self.navigation = QListView(central)
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Screens"))
        self.navigation.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav_model = QStandardItemModel(self)
        self.navigation.setModel(self.nav_model)
        self.stack = QStackedWidget(central)
        body.addWidget(self.navigation)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.pages: dict[str, Page] = {}
        session = ctx.core.session
        user = getattr(session, "user", None) if session is not None else None
        role = str(user.role) if user is not None else None
        self._holders: dict[str, PageHolder] = {}
        for factory in pages_for_role(role):
            # Each screen scrolls when the window is smaller than it needs (tall Nastaliq text, a large
            # UI scale, a small laptop screen) instead of forcing the window taller than the screen.
            holder = PageHolder(self.stack)
            page = factory(ctx, holder)
            holder.setWidget(page)
            self.pages[page.key] = page
            self._holders[page.key] = holder
            self.stack.addWidget(holder)
            item = QStandardItem(page.title())
            item.setData(page.key, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.nav_model.appendRow(item)
        # Made after the screens so Tab goes navigation -> screen -> sync strip.
        self.sync_status = SyncStatusBar(ctx, central)
        self.sync_status.conflicts_requested.connect(self.show_conflicts)
        self.sync_status.problems_requested.connect(self.show_conflicts)
        outer.addWidget(self.sync_status)
        self.navigation.selectionModel().currentChanged.connect(self._on_navigate)
        self.navigation.setCurrentIndex(self.nav_model.index(0, 0))
        width = max(self.navigation.sizeHintForColumn(0) + 24, 150)
        self.navigation.setFixedWidth(width)
        ctx.events.changed.connect(self._refresh_current)

        sync_key = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        sync_key.activated.connect(self.sync_status.sync_now)
        for number in range(1, min(len(self.pages), 9) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.show_page_at(n - 1))
        self.resize(1100, 720)

    def show_page(self, key: str) -> Page:
        """Switch to the screen with ``key`` and return it."""
        for row in range(self.nav_model.rowCount()):
            if self.nav_model.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.show_page_at(row)
                break
        return self.pages[key]

    def show_page_at(self, row: int) -> None:
        """Switch to the screen at navigation position ``row``."""
        if 0 <= row < self.nav_model.rowCount():
            self.navigation.setCurrentIndex(self.nav_model.index(row, 0))

    def current_page(self) -> Page:
        """The screen on show."""
        holder = self.stack.currentWidget()
        assert isinstance(holder, QScrollArea)
        page = holder.widget()
        assert isinstance(page, Page)
        return page

    def _on_navigate(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(Qt.ItemDataRole.UserRole)
        page = self.pages.get(key)
        if page is not None:
            self.stack.setCurrentWidget(self._holders[key])
            page.refresh()

    def _refresh_current(self) -> None:
        if self.stack.count():
            self.current_page().refresh()

    def show_conflicts(self) -> None:
        """Open the dialog listing conflicts and work the server did not accept."""
        from fieldapp.gui.conflicts import ConflictsDialog

        dialog = ConflictsDialog(self.ctx, self)
        dialog.exec()
        self.ctx.events.changed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window's geometry."""
        self.ctx.settings.geometry = self.saveGeometry()
        self.ctx.settings.save()
        super().closeEvent(event)
