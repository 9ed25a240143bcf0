"""Each mentee's training progress (for mentors), one row per mentee and module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_number
from fieldapp.gui.models.table import Column, FilterProxy, RecordTableModel
from fieldapp.gui.screens.base import Page, title_label
from fieldapp.gui.widgets import setup_table

__all__ = ["MenteesPage", "ProgressRow", "progress_columns", "progress_rows"]


@dataclass(frozen=True)
class ProgressRow:
    """One person's derived progress on one module."""

    person: str
    module: str
    lessons_done: int
    lessons: int
    quiz: str
    fraction: float


def progress_rows(core: Any, people: list[Any]) -> list[ProgressRow]:
    """Progress of ``people`` on every module on this device (derived by the core from events)."""
    rows: list[ProgressRow] = []
    modules = core.training.list()
    for person in people:
        for summary in modules:
            progress = core.training.progress(summary.id, person.id)
            if progress.quiz_passed:
                quiz = arg(
                    QCoreApplication.translate("MenteesPage", "passed (%1%)"),
                    format_number(round((progress.best_score or 0) * 100)),
                )
            elif progress.attempts:
                quiz = arg(
                    QCoreApplication.translate("MenteesPage", "not passed yet (%1 tries)"),
                    format_number(progress.attempts),
                )
            else:
                quiz = QCoreApplication.translate("MenteesPage", "not tried")
            rows.append(
                ProgressRow(
                    person.display_name or person.username,
                    summary.title,
                    len(progress.completed),
                    summary.lessons,
                    quiz,
                    progress.fraction,
                )
            )
    return rows


def progress_columns() -> list[Column[ProgressRow]]:
    """Columns of the progress table."""
    return [
        Column(lambda: QCoreApplication.translate("MenteesPage", "Intern"), lambda r: r.person),
        Column(lambda: QCoreApplication.translate("MenteesPage", "Module"), lambda r: r.module),
        Column(
            lambda: QCoreApplication.translate("MenteesPage", "Lessons finished"),
            lambda r: arg(
                QCoreApplication.translate("MenteesPage", "%1 of %2"),
                format_number(r.lessons_done),
                format_number(r.lessons),
            ),
            sort_key=lambda r: r.lessons_done,
        ),
        Column(lambda: QCoreApplication.translate("MenteesPage", "Quiz"), lambda r: r.quiz),
        Column(
            lambda: QCoreApplication.translate("MenteesPage", "Done"),
            lambda r: f"{format_number(round(r.fraction * 100))}%",
            sort_key=lambda r: r.fraction,
        ),
    ]


class MenteesPage(Page):
    """How far each mentee has got in training."""

    key = "mentees"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Mentees' training"), self))
        self.model: RecordTableModel[ProgressRow] = RecordTableModel(progress_columns(), self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("menteeProgress")
        self.view.setAccessibleName(self.tr("Mentees' training progress"))
        self.view.setModel(self.proxy)
        setup_table(self.view)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.empty = QLabel(self.tr("No mentees on this laptop yet. They arrive when it syncs."), self)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "hint")
        layout.addWidget(self.empty)

    def title(self) -> str:
        return self.tr("Mentees")

    def refresh(self) -> None:
        me = self.ctx.core.user
        interns = [u for u in self.ctx.core.people("intern") if me is None or me.id in u.mentor_ids]
        self.model.set_rows(progress_rows(self.ctx.core, interns))
        self.empty.setVisible(self.model.rowCount() == 0)
