"""A module's quiz: answered on the device, scored at once, retried as often as she likes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_number
from fieldapp.gui.screens.base import show_error

__all__ = ["QuizWidget"]


class QuizWidget(QWidget):
    """Questions with radio buttons (one answer), check boxes (several) or a text box (short answer)."""

    finished = Signal(object)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.module: Any = None
        self._inputs: dict[str, Any] = {}
        self._boxes: dict[str, QGroupBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setObjectName("quizScroll")
        layout.addWidget(self.scroll_area, 1)
        self.result = QLabel(self)
        self.result.setObjectName("quizResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("&Check my answers"), self)
        self.check_button.setObjectName("checkAnswers")
        self.check_button.setProperty("primary", True)
        self.check_button.clicked.connect(self.check)
        self.retry_button = QPushButton(self.tr("&Try again"), self)
        self.retry_button.setObjectName("retryQuiz")
        self.retry_button.clicked.connect(self.retry)
        row.addWidget(self.check_button)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_quiz(self, module: Any) -> None:
        """Build the form for ``module.quiz``."""
        self.module = module
        self._inputs.clear()
        self._boxes.clear()
        body = QWidget()
        body.setObjectName("quizBody")
        form = QVBoxLayout(body)
        quiz = module.quiz
        for number, question in enumerate(quiz.questions if quiz else [], start=1):
            box = QGroupBox(arg(self.tr("Question %1"), format_number(number)), body)
            box_layout = QVBoxLayout(box)
            prompt = QLabel(question.prompt, box)
            prompt.setWordWrap(True)
            box_layout.addWidget(prompt)
            kind = question.kind.value
            if kind == "short":
                edit = QLineEdit(box)
                edit.setAccessibleName(question.prompt)
                box_layout.addWidget(edit)
                self._inputs[question.id] = edit
            else:
                group = QButtonGroup(box)
                group.setExclusive(kind == "single")
                for i, option in enumerate(question.options):
                    button = QRadioButton(option, box) if kind == "single" else QCheckBox(option, box)
                    group.addButton(button, i)
                    box_layout.addWidget(button)
                self._inputs[question.id] = group
            form.addWidget(box)
            self._boxes[question.id] = box
        form.addStretch(1)
        self.scroll_area.setWidget(body)
        self.result.clear()
        self.retry_button.hide()
        self.check_button.setEnabled(True)

    def answers(self) -> dict[str, list[int] | str]:
        """What she has chosen or written, per question."""
        out: dict[str, list[int] | str] = {}
        for question_id, widget in self._inputs.items():
            if isinstance(widget, QLineEdit):
                out[question_id] = widget.text()
            else:
                out[question_id] = [widget.id(b) for b in widget.buttons() if b.isChecked()]
        return out

    def check(self) -> None:
        """Score and record the attempt; show the score and which questions were right."""
        if self.module is None:
            return
        try:
            result = self.ctx.core.training.attempt_quiz(self.module.id, self.answers())
        except Exception as exc:
            show_error(self, str(exc))
            return
        percent = format_number(round(result.score * 100))
        if result.passed:
            text = arg(self.tr("You scored %1%. You passed — well done!"), percent)
            self.result.setProperty("role", "ok")
        else:
            text = arg(
                self.tr("You scored %1%. You need more to pass. Read the lessons again and try again."),
                percent,
            )
            self.result.setProperty("role", "error")
        self.result.setText(text)
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        for item in result.questions:
            box = self._boxes.get(item.question_id)
            if box is not None:
                mark = self.tr("right") if item.correct else self.tr("not right")
                box.setTitle(f"{box.title().split(' — ')[0]} — {mark}")
        self.check_button.setEnabled(False)
        self.retry_button.show()
        self.finished.emit(result)

    def retry(self) -> None:
        """Clear the answers for a new attempt."""
        if self.module is not None:
            self.show_quiz(self.module)
