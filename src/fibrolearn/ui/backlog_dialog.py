"""Spread a deck's waiting reviews over several days instead of facing them all at once."""

from __future__ import annotations

import math

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.gentle import MAX_SPREAD_DAYS, BacklogStatus, spread_per_day
from fibrolearn.domain.words import counted

DEFAULT_DAYS = 7


class BacklogDialog(QDialog):
    """Asks over how many days to spread ``waiting`` reviews, with the daily share in words.

    ``reviews_per_day``: the deck's daily review limit, which no plan goes past.
    """

    def __init__(self, waiting: int, reviews_per_day: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.setWindowTitle("Spread waiting reviews")
        self.setAccessibleName("Spread waiting reviews")
        self._waiting = waiting
        self._limit = reviews_per_day
        self.days = QSpinBox()
        self.days.setRange(2, MAX_SPREAD_DAYS)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" days")
        self.days.setAccessibleName("Spread over how many days")
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setAccessibleDescription("What this means")
        self.days.valueChanged.connect(self._explain)
        self._explain()

        form = QFormLayout()
        label = QLabel("Spread &over")
        label.setBuddy(self.days)
        form.addRow(label, self.days)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Spread")
        ok.setAccessibleName("Spread the reviews")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sentence)
        layout.addWidget(buttons)
        self.days.setFocus()

    def _explain(self) -> None:
        days = self.days.value()
        plan = BacklogStatus(self._waiting, days, spread_per_day(self._waiting, days))
        # Rounded up, a day's share can finish early: say so, as the deck list will.
        done = plan.days_left or days
        sooner = f" (all done in {counted(done, 'day')})" if done < days else ""
        waiting = counted(self._waiting, "review")
        have = "has" if self._waiting == 1 else "have"
        text = (
            f"{waiting} {have} been waiting since before today. Over {days} days that is about "
            f"{plan.per_day:,} a day{sooner}, the ones you are most likely to forget first; "
            "cards that fall due from today on come as usual."
        )
        if plan.per_day > self._limit:
            # Said nowhere before: 3,000 reviews spread over 7 days came 200 a day, in 15.
            text += (
                f" This deck lets {self._limit:,} reviews a day come at most, so it takes "
                f"{counted(math.ceil(self._waiting / self._limit), 'day')} at least"
                if self._limit
                else " This deck lets no reviews come at all"
            ) + " (reviews a day: Tools ▸ Deck options)."
        self.sentence.setText(text)
        # Heard with the days as the arrows change them (as the deck options' retention is).
        self.days.setAccessibleDescription(self.sentence.text())
