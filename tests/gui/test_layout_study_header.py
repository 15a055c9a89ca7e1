"""The study header: its counts on one line where there is room, its title never squeezed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame
from ui_driving import press, settled

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.text_fit import LineLabel
from fibrolearn.ui.theme_palettes import Theme

TEXTS = (
    "New 20  ·  Learning 0  ·  Due 0",  # as the study page writes them
    "New 5  ·  Learning 12  ·  Due 340",
    "New 20 · Learning 0 · Due 0",
    "Card 1 of 20",
    "Séance — naïve office affluence",
)
SCALES = (75, 100, 110, 150, 200)  # across the preferences' text sizes, 75 to 200 %


def one_line_high(label: LineLabel) -> int:
    """The label's height with all the room it could want: its text on one line."""
    return label.heightForWidth(100_000)


@pytest.mark.parametrize("scale", SCALES)
def test_a_line_label_given_its_size_hint_lays_out_in_one_line(qapp, scale: int) -> None:
    wrapped = []
    for text in TEXTS:
        label = LineLabel()
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * scale / 100)
        label.setFont(font)
        label.setText(text)
        hint = label.sizeHint()
        if (label.heightForWidth(hint.width()), hint.height()) != (one_line_high(label),) * 2:
            wrapped.append(text)
    assert wrapped == []


@pytest.mark.parametrize("indent", [-1, 0, 7])
def test_a_line_label_counts_its_frame_margin_and_indent(qapp, indent: int) -> None:
    label = LineLabel()
    label.setText(TEXTS[0])
    label.setFrameShape(QFrame.Shape.Box)
    label.setMargin(3)
    label.setIndent(indent)
    label.setContentsMargins(4, 1, 5, 1)
    assert label.heightForWidth(label.sizeHint().width()) == one_line_high(label)


def test_a_line_label_without_text_still_asks_for_a_line(qapp) -> None:
    label = LineLabel()  # the header's labels before the first card
    assert label.sizeHint().height() == label.fontMetrics().height()


@pytest.mark.parametrize("scale", [100, 200])
@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)])
def test_the_study_header_shows_the_counts_on_one_line(
    qtbot, make_window, services: Services, scale: int, size: tuple[int, int], screenshot
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=scale))
    window.resize(*size)
    press(qtbot, Qt.Key.Key_Return)  # study the selected deck
    study = window.study
    wrapped = []
    try:
        # The small deck's counts, then those of the bundled deck's first day, and more.
        for counts in (study.counts.text(), *TEXTS[:2]):
            study.counts.setText(counts)
            settled(window)
            screenshot(window, f"layout-study-header-{scale}-{size[0]}")
            for label in (study.counts, study.progress_label):
                if label.height() != one_line_high(label):
                    wrapped.append(label.text())
    finally:
        window.apply_preferences(AppPreferences())  # the tests after this one get the usual size
    assert wrapped == []


LONG_TITLES = (
    "Small deck: Cards matching “alpha”",  # a Custom study set's title
    "Pathophysiology of central sensitisation and its everyday consequences",
)


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("scale", [100, 200])
@pytest.mark.parametrize("size", [(800, 720), (640, 600), (1280, 800)])
def test_a_long_study_title_is_not_squeezed_beside_the_progress_and_counts(
    qtbot, make_window, services: Services, scale, size, dark, screenshot
) -> None:
    window = make_window(services)
    window.apply_preferences(
        AppPreferences(text_scale=scale, theme=Theme.DARK if dark else Theme.LIGHT)
    )
    window.resize(*size)
    press(qtbot, Qt.Key.Key_Return)  # study the selected deck
    study = window.study
    squeezed = []
    try:
        for number, title in enumerate(LONG_TITLES):
            study.attach(study.session, title)
            settled(window)
            screenshot(window, f"layout-study-title-{scale}-{size[0]}-{dark:d}-{number}")
            # As few lines as the whole width of the header would take, the figures on one.
            full_width = study.title.heightForWidth(study.progress_bar.width())
            if study.title.height() > full_width:
                squeezed.append((title, study.title.width()))
            for label in (study.counts, study.progress_label):
                if label.height() != one_line_high(label):
                    squeezed.append((label.text(), label.width()))
    finally:
        window.apply_preferences(AppPreferences())
    assert squeezed == []


def test_a_deck_name_without_spaces_wraps_and_keeps_the_window_narrow(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    window.resize(640, 600)
    press(qtbot, Qt.Key.Key_Return)  # study the selected deck
    try:
        window.study.attach(window.study.session, "Fibromyalgia" * 8)  # 96 letters, no space
        settled(window)
        screenshot(window, "layout-study-title-unbroken-200-640")
        least = window.study.minimumSizeHint().width()  # what the window grows to, soon after
    finally:
        window.apply_preferences(AppPreferences())
    assert least <= 640  # the window grew to 1444 pixels, wider than many screens
