"""Start a gentle session: a few cards or minutes, and an optional energy check-in."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.gentle import GENTLE_GOALS, Energy, SessionGoal
from fibrolearn.ui.questions import ask
from fibrolearn.ui.text_fit import TextFitDialog

_GOAL_MNEMONICS = ("&3 cards", "&5 cards", "1&0 cards", "5 &minutes")
_ENERGY_CHOICES = (
    (None, "&Rather not say", "The usual number of new cards today; nothing is noted."),
    (Energy.LOW, "&Low", Energy.LOW.effect),
    (Energy.SOME, "S&ome", Energy.SOME.effect),
    (Energy.GOOD, "&Good", Energy.GOOD.effect),
)


class GentleSessionDialog(TextFitDialog):
    """Asks how much to do today and, if the learner wants, how their energy is."""

    def __init__(
        self,
        energy_today: Energy | None,
        deck_name: str,
        parent: QWidget | None = None,
        *,
        ended: SessionGoal | None = None,
    ) -> None:
        """``ended``: the goal of a gentle session that ended with its day, chosen again."""
        super().__init__(parent, chars=56)
        # Named: with several decks, nothing else in the dialog said which one it studies.
        self.setWindowTitle(f"Gentle session: {deck_name}")
        self.setAccessibleName(f"Gentle session in {deck_name}")
        before = f"Your gentle session of {ended.words} ended with its day. " if ended else ""
        intro = QLabel(
            f"{before}A short, calm session with no counts of what is waiting. "
            "Press P at any time to pause: your place is kept, even if you close FibroLearn."
        )
        intro.setWordWrap(True)

        goals_box = QGroupBox("How much would you like to do?")
        goals_layout = QVBoxLayout(goals_box)
        self._goals = QButtonGroup(self)
        for index, (goal, text) in enumerate(zip(GENTLE_GOALS, _GOAL_MNEMONICS, strict=True)):
            button = QRadioButton(text)
            button.setAccessibleName(goal.words)
            self._goals.addButton(button, index)
            goals_layout.addWidget(button)
        chosen = GENTLE_GOALS.index(ended) if ended in GENTLE_GOALS else 1  # else 5 cards
        self._goals.button(chosen).setChecked(True)

        energy_box = QGroupBox("How is your energy today?")
        energy_layout = QVBoxLayout(energy_box)
        self._energy = QButtonGroup(self)
        for index, (energy, text, effect) in enumerate(_ENERGY_CHOICES):
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.setAccessibleDescription(effect)
            self._energy.addButton(button, index)
            energy_layout.addWidget(button)
            button.setChecked(energy == energy_today)
        self.effect = QLabel()
        self.effect.setWordWrap(True)
        self.effect.setProperty("role", "muted")
        self.effect.setAccessibleDescription("What your answer changes")
        energy_layout.addWidget(self.effect)
        self._energy.idToggled.connect(self._show_effect)
        self._show_effect()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setText("&Start")
        start.setAccessibleName("Start the gentle session")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        self.arrange((intro, goals_box, energy_box), buttons)
        self._goals.checkedButton().setFocus()

    def goal(self) -> SessionGoal:
        """The chosen size of the session."""
        return GENTLE_GOALS[self._goals.checkedId()]

    def energy(self) -> Energy | None:
        """The energy the learner reported, or None if they would rather not say."""
        return _ENERGY_CHOICES[max(0, self._energy.checkedId())][0]

    def choose(self, goal: SessionGoal, energy: Energy | None) -> None:
        """Select a goal and an energy answer (as a learner's keys would)."""
        self._goals.button(GENTLE_GOALS.index(goal)).setChecked(True)
        index = [choice[0] for choice in _ENERGY_CHOICES].index(energy)
        self._energy.button(index).setChecked(True)

    def _show_effect(self) -> None:
        self.effect.setText(_ENERGY_CHOICES[max(0, self._energy.checkedId())][2])


def confirm_leave_gentle(parent: QWidget, *, paused: bool = False) -> bool:
    """Ask before Esc ends a gentle session; keeping it is the default (Enter or Esc).

    ``paused``: the session is paused already, so pausing is not offered as the way to rest.
    """
    details = (
        "Every answer so far is kept, but the session ends here: the next one starts "
        "from the beginning."
    )
    if not paused:
        details += " To rest and come back to it, pause it instead (P)."
    return ask(
        parent,
        "Gentle session",
        "Stop this gentle session?",
        "&Stop the session",
        "&Keep going",
        details=details,
    )
