"""The mastery map's deck chooser: every deck's name readable, however many decks there are."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from fibrolearn.domain.statistics import FactorMastery, MasteryMap
from fibrolearn.ui.progress_mastery import MasterySection

FACTOR = FactorMastery("sleep", "Sleep", (), cards=1, studied=0, recall_now=0.0, recall_30d=0.0)


def mastery(deck_id: int, name: str) -> MasteryMap:
    return MasteryMap(deck_id, name, (FACTOR,), quiz_window_days=90)


def test_the_deck_chooser_grows_to_its_longest_name_after_showing_empty(qtbot) -> None:
    section = MasterySection()
    qtbot.addWidget(section)
    section.resize(1000, 700)
    section.show()
    section.show_maps(())  # a new collection: no deck with factors yet
    qtbot.waitExposed(section)
    names = ["Causes of fibromyalgia", "Causes copy 3", "Pharmacology of pain relief"]
    section.show_maps(tuple(mastery(number, name) for number, name in enumerate(names)))
    chooser: QComboBox = section.deck
    qtbot.waitUntil(chooser.isVisible)
    longest = max(chooser.fontMetrics().horizontalAdvance(name) for name in names)
    qtbot.waitUntil(lambda: chooser.width() > longest)  # the whole name, not "Causes c"


def test_a_deck_of_one_factor_draws_its_map(qtbot, screenshot) -> None:
    """A learner's own deck may teach one cause: its node sits alone, nothing is divided by 0."""
    section = MasterySection()
    qtbot.addWidget(section)
    section.resize(700, 500)
    section.show_maps((mastery(1, "My one-cause deck"),))
    section.show()
    qtbot.waitExposed(section)
    view = section.map_view
    assert 0 < view.sizeHint().width() < 10_000 and view.heightForWidth(600) < 10_000
    image = screenshot(section, "progress-mastery-one-factor")
    assert image.exists()
