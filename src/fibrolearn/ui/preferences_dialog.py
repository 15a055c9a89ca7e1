"""App preferences: theme, text size, motion, rating, read aloud and sounds; all live."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.app_preferences import TEXT_SCALE_MAX, TEXT_SCALE_MIN, AppPreferences
from fibrolearn.ui.paced import Paced
from fibrolearn.ui.read_aloud import ReadAloud
from fibrolearn.ui.text_fit import TextFitDialog
from fibrolearn.ui.theme_palettes import Theme

_THEME_NAMES = {
    Theme.SYSTEM: "Follow the system",
    Theme.LIGHT: "Light",
    Theme.DARK: "Dark",
    Theme.HIGH_CONTRAST: "High contrast",
}
TEXT_SCALE_STEP = 5


class PreferencesDialog(TextFitDialog):
    """Every change applies at once (``changed`` fires); Close just closes."""

    changed = Signal(object)  # AppPreferences

    def __init__(
        self, preferences: AppPreferences, read_aloud: ReadAloud, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, chars=60)  # refits as this dialog changes the text size
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.preferences = preferences
        self._read_aloud = read_aloud
        self.announcer = Announcer(self)

        look = self._appearance_group(preferences)
        study = self._study_group(preferences)
        for box in (self.reduce_motion, self.two_buttons, self.read_aloud, self.play_sounds):
            box.toggled.connect(self._update)
        self.theme.currentIndexChanged.connect(self._update)
        # Held down, an arrow key on the slider would restyle the app for each size passed:
        # the size shows at once, and is used once the key is let go (or the dialog closes).
        text_size_pace = Paced(self)
        self.text_size.valueChanged.connect(self._show_size)
        self.text_size.valueChanged.connect(lambda: text_size_pace.run(self._update))
        self.finished.connect(text_size_pace.flush)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close preferences")
        buttons.rejected.connect(self.reject)
        self.arrange((look, study), buttons)
        self._show_size()
        if preferences.read_aloud:  # on from before: why it cannot work shows from the start
            self._show_speech_problem(read_aloud.problem())
        self.theme.setFocus()

    def _appearance_group(self, preferences: AppPreferences) -> QGroupBox:
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        self.theme.view().setAccessibleName("Themes")
        for theme, name in _THEME_NAMES.items():
            self.theme.addItem(name, theme)
        self.theme.setCurrentIndex(list(_THEME_NAMES).index(preferences.theme))

        self.text_size = QSlider(Qt.Orientation.Horizontal)
        self.text_size.setRange(TEXT_SCALE_MIN, TEXT_SCALE_MAX)
        self.text_size.setSingleStep(TEXT_SCALE_STEP)
        self.text_size.setPageStep(25)
        self.text_size.setValue(preferences.text_scale)
        # A drag applies where it is let go, its size shown meanwhile: followed, it restyled the
        # whole app for each of the hundred sizes passed, and the window froze for seconds.
        self.text_size.setTracking(False)
        self.text_size.sliderMoved.connect(self._show_size)
        self.text_size.setAccessibleName("Text size")
        self.text_size_value = QLabel()
        self.text_size_value.setAccessibleDescription("Text size in percent")
        self.text_size_value.setMinimumWidth(self.fontMetrics().horizontalAdvance("200 %  "))
        size_row = QHBoxLayout()
        size_row.addWidget(self.text_size, 1)
        size_row.addWidget(self.text_size_value)
        self.reduce_motion = _check(
            "Reduce &motion",
            "No animated menus or tooltips, no blinking text cursor",
            preferences.reduce_motion,
        )

        look = QGroupBox("Appearance")
        form = QFormLayout(look)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        theme_label = QLabel("&Theme")
        theme_label.setBuddy(self.theme)
        form.addRow(theme_label, self.theme)
        size_label = QLabel("Te&xt size")
        size_label.setBuddy(self.text_size)
        form.addRow(size_label, size_row)
        form.addRow(self.reduce_motion)
        return look

    def _study_group(self, preferences: AppPreferences) -> QGroupBox:
        self.two_buttons = _check(
            "Rate with two buttons only: &Again or Good",
            "For days when four choices are tiring",
            preferences.two_buttons,
        )
        self.read_aloud = _check(
            "&Read cards aloud as they appear",
            "Uses your computer's speech voice",
            preferences.read_aloud,
        )
        self.play_sounds = _check(
            "&Play sounds automatically",
            "A card's sounds play as its side is shown; R plays them again",
            preferences.play_sounds,
        )
        self.speech_status = QLabel()
        self.speech_status.setWordWrap(True)
        self.speech_status.setAccessibleDescription("Read aloud status")
        self.speech_status.hide()
        study = QGroupBox("Studying")
        layout = QVBoxLayout(study)
        layout.addWidget(self.two_buttons)
        layout.addWidget(self.read_aloud)
        layout.addWidget(self.speech_status)
        layout.addWidget(self.play_sounds)
        return study

    def _show_size(self) -> None:
        size = self.text_size.sliderPosition()  # its value, or where a drag has it now
        self.text_size_value.setText(f"{size} %")
        self.text_size.setAccessibleDescription(f"{size} percent")

    def _update(self) -> None:
        self._show_size()
        self.preferences = self.preferences._replace(
            theme=Theme(self.theme.currentData()),
            text_scale=self.text_size.value(),
            reduce_motion=self.reduce_motion.isChecked(),
            two_buttons=self.two_buttons.isChecked(),
            read_aloud=self.read_aloud.isChecked(),
            play_sounds=self.play_sounds.isChecked(),
        )
        problem = self._read_aloud.problem() if self.read_aloud.isChecked() else None
        self._show_speech_problem(problem)
        self.changed.emit(self.preferences)

    def _show_speech_problem(self, problem: str | None) -> None:
        """Show why read aloud cannot work, and say it as it appears.

        A screen reader heard only "checked" when the box was ticked, while the sentence saying
        what to install appeared under it. It is said once, not again with every other change.
        """
        if problem is None:
            self.speech_status.hide()
        elif self.speech_status.isHidden() or self.speech_status.text() != problem:
            self.announcer.show(self.speech_status, problem)


def _check(text: str, description: str, checked: bool) -> QCheckBox:
    box = QCheckBox(text)
    box.setAccessibleName(text.replace("&", ""))
    box.setAccessibleDescription(description)
    box.setChecked(checked)
    return box
