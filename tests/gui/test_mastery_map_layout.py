"""The mastery map lays its words out once, not on every paint, and again when they change.

Found in review: every paint fitted each factor's name anew (the size it fits at, where it is
cut short), most of a paint's time; a focus ring moving or a window passing over repainted it
all. The words are now laid out when the text size or the factors change, and only then.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont

from fibrolearn.domain.statistics import FactorMastery, MasteryMap
from fibrolearn.ui import mastery_map
from fibrolearn.ui.mastery_map import MasteryMapView

NAMES = ("Central sensitization", "Sleep dysfunction", "Genetic risk factors")


def deck(*names: str) -> MasteryMap:
    factors = tuple(
        FactorMastery(f"f{i}", name, (), 10, 5, 0.8, 0.6) for i, name in enumerate(names)
    )
    return MasteryMap(1, "Deck", factors, 30)


@pytest.fixture
def laid_out(monkeypatch) -> list[str]:
    """The names of the factors the map lays out, each time it does."""
    names: list[str] = []
    lay_out = mastery_map.node_text

    def counted(factor, *args):  # type: ignore[no-untyped-def]
        names.append(factor.name)
        return lay_out(factor, *args)

    monkeypatch.setattr(mastery_map, "node_text", counted)
    return names


def test_repaints_reuse_the_words_until_the_factors_or_text_size_change(
    qtbot, laid_out: list[str]
) -> None:
    view = MasteryMapView()
    qtbot.addWidget(view)
    view.set_map(deck(*NAMES))
    view.resize(900, view.heightForWidth(900))
    view.show()
    qtbot.waitExposed(view)

    for index in (1, 2, 0):  # the focus ring moving round, a paint each time
        view.select(index)
        view.grab()
    view.resize(500, view.heightForWidth(500))  # into rows: the nodes move, the words do not
    view.grab()
    assert laid_out == list(NAMES)

    laid_out.clear()
    view.set_map(deck("Sleep dysfunction", "Hormonal (HPA axis) dysregulation"))
    view.grab()
    assert laid_out == ["Sleep dysfunction", "Hormonal (HPA axis) dysregulation"]
    assert [text.name.text() for text in view._node_texts()] == laid_out

    laid_out.clear()
    base = view.font().pointSizeF()
    before = view.node_rect(0).size()
    bigger = QFont(view.font())
    bigger.setPointSizeF(2 * base)
    view.setFont(bigger)  # 200 % text
    view.grab()
    assert laid_out == ["Sleep dysfunction", "Hormonal (HPA axis) dysregulation"]
    assert view._node_texts()[0].name_font.pointSizeF() == pytest.approx(2 * base)
    grown = view.node_rect(0).size()
    assert grown.width() > before.width() and grown.height() > before.height()
