"""The cohort dashboard (coordinators): submissions by status and training completion per intern.

Figures come from the server's dashboard endpoint on a worker thread; when the server cannot be reached,
the same figures are worked out from the data on this laptop (by the core services) and marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.background import run_in_background
from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_number
from fieldapp.gui.labels import submission_status_label
from fieldapp.gui.models.table import Column, RecordTableModel
from fieldapp.gui.screens.base import Page, title_label
from fieldapp.gui.screens.chart import BarChart
from fieldapp.gui.widgets import setup_table

__all__ = ["DashboardPage", "InternFigures", "local_dashboard"]

_STATUSES = ("submitted", "changes_requested", "approved")


@dataclass(frozen=True)
class InternFigures:
    """One intern's line on the dashboard."""

    name: str
    submissions: int
    approved: int
    lessons_completed: int
    lessons_total: int
    completion: float


def local_dashboard(core: Any, cohort_id: str) -> tuple[dict[str, int], list[InternFigures]]:
    """The dashboard's figures from this laptop's data (used when the server cannot be reached)."""
    interns = [u for u in core.people("intern") if cohort_id in u.cohort_ids]
    ids = {u.id for u in interns}
    by_status = dict.fromkeys(_STATUSES, 0)
    per_intern: dict[str, list[str]] = {u.id: [] for u in interns}
    for submission in core.submissions.list():
        if submission.author_id in ids and submission.status.value in by_status:
            by_status[submission.status.value] += 1
            per_intern[submission.author_id].append(submission.status.value)
    modules = core.training.list()
    rows = []
    for user in interns:
        done = total = 0
        for module in modules:
            done += len(core.training.progress(module.id, user.id).completed)
            total += module.lessons
        statuses = per_intern[user.id]
        rows.append(
            InternFigures(
                user.display_name or user.username,
                len(statuses),
                statuses.count("approved"),
                done,
                total,
                done / total if total else 0.0,
            )
        )
    return by_status, rows


def _server_figures(data: dict[str, Any]) -> tuple[dict[str, int], list[InternFigures]]:
    by_status = {s: int(data.get("submissions_by_status", {}).get(s, 0)) for s in _STATUSES}
    rows = [
        InternFigures(
            i.get("display_name") or i.get("username", ""),
            sum(int(v) for v in i.get("submissions", {}).values()),
            int(i.get("submissions", {}).get("approved", 0)),
            int(i.get("lessons_completed", 0)),
            int(i.get("lessons_total", 0)),
            float(i.get("completion", 0.0)),
        )
        for i in data.get("interns", [])
    ]
    return by_status, rows


def dashboard_columns() -> list[Column[InternFigures]]:
    """Columns of the per-intern table."""
    return [
        Column(lambda: QCoreApplication.translate("DashboardPage", "Intern"), lambda r: r.name),
        Column(
            lambda: QCoreApplication.translate("DashboardPage", "Submissions"),
            lambda r: format_number(r.submissions),
            sort_key=lambda r: r.submissions,
        ),
        Column(
            lambda: QCoreApplication.translate("DashboardPage", "Approved"),
            lambda r: format_number(r.approved),
            sort_key=lambda r: r.approved,
        ),
        Column(
            lambda: QCoreApplication.translate("DashboardPage", "Lessons finished"),
            lambda r: arg(
                QCoreApplication.translate("DashboardPage", "%1 of %2"),
                format_number(r.lessons_completed),
                format_number(r.lessons_total),
            ),
            sort_key=lambda r: r.lessons_completed,
        ),
        Column(
            lambda: QCoreApplication.translate("DashboardPage", "Training done"),
            lambda r: f"{format_number(round(r.completion * 100))}%",
            sort_key=lambda r: r.completion,
        ),
    ]


class DashboardPage(Page):
    """Pick a cohort; see its submissions by status as a chart and each intern's training completion."""

    key = "dashboard"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Cohort dashboard"), self))
        row = QHBoxLayout()
        cohort_label = QLabel(self.tr("C&ohort:"), self)
        self.cohort = QComboBox(self)
        self.cohort.setObjectName("dashboardCohort")
        cohort_label.setBuddy(self.cohort)
        self.cohort.currentIndexChanged.connect(self.load)
        self.reload_button = QPushButton(self.tr("&Refresh from the server"), self)
        self.reload_button.setObjectName("dashboardRefresh")
        self.reload_button.clicked.connect(self.load)
        row.addWidget(cohort_label)
        row.addWidget(self.cohort, 1)
        row.addWidget(self.reload_button)
        layout.addLayout(row)
        self.source = QLabel(self)
        self.source.setObjectName("dashboardSource")
        self.source.setWordWrap(True)
        self.source.setProperty("role", "hint")
        layout.addWidget(self.source)
        chart_title = QLabel(self.tr("Submissions by status"), self)
        layout.addWidget(chart_title)
        self.chart = BarChart(self)
        self.chart.setObjectName("submissionsChart")
        self.chart.setAccessibleName(self.tr("Submissions by status"))
        layout.addWidget(self.chart)
        self.model: RecordTableModel[InternFigures] = RecordTableModel(dashboard_columns(), self)
        self.view = QTableView(self)
        self.view.setObjectName("dashboardInterns")
        self.view.setAccessibleName(self.tr("Training completion per intern"))
        self.view.setModel(self.model)
        setup_table(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self._loaded_once = False

    def title(self) -> str:
        return self.tr("Dashboard")

    def refresh(self) -> None:
        current = self.cohort.currentData()
        self.cohort.blockSignals(True)
        self.cohort.clear()
        for cohort_id, name in self.ctx.core.cohorts():
            self.cohort.addItem(name, cohort_id)
        if current is not None:
            self.cohort.setCurrentIndex(max(self.cohort.findData(current), 0))
        self.cohort.blockSignals(False)
        if not self._loaded_once:
            self._loaded_once = True
            self.load()

    def show_figures(self, by_status: dict[str, int], rows: list[InternFigures], source: str) -> None:
        """Draw the chart and fill the table."""
        self.chart.set_bars([(submission_status_label(s), by_status.get(s, 0)) for s in _STATUSES])
        self.model.set_rows(rows)
        self.source.setText(source)

    def load(self) -> None:
        """Fetch the figures from the server on a worker thread; fall back to this laptop's data."""
        cohort_id = self.cohort.currentData()
        if cohort_id is None:
            self.show_figures({}, [], self.tr("No cohorts on this laptop yet."))
            return
        by_status, rows = local_dashboard(self.ctx.core, cohort_id)
        self.show_figures(
            by_status, rows, self.tr("From this laptop's data. Asking the server for the latest…")
        )
        core = self.ctx.core
        self.reload_button.setEnabled(False)

        def fetch() -> dict[str, Any]:
            from fieldapp.sync.admin_client import AdminClient

            with AdminClient(core) as client:
                return client.dashboard(cohort_id)

        def done(data: dict[str, Any]) -> None:
            self.reload_button.setEnabled(True)
            if self.cohort.currentData() == cohort_id:
                status, figures = _server_figures(data)
                self.show_figures(status, figures, self.tr("Latest figures from the server."))

        def failed(exc: BaseException) -> None:
            self.reload_button.setEnabled(True)
            self.source.setText(
                arg(self.tr("From this laptop's data (the server could not be reached: %1)."), str(exc))
            )

        run_in_background(fetch, done, failed, owner=self)
