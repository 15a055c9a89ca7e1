"""The Browse search box: what it tells of the search syntax, on sight and to screen readers."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QToolButton

SEARCH_HELP = (
    "Words find cards whose note contains them; nc:WORD ignores accents. "
    "deck:NAME, tag:NAME, factor:NAME, "
    "is:new, is:due, is:suspended (also learning, review, buried), "
    "certainty:consensus|supported|emerging|contested, "
    "prop:ivl>=10 (also due, reps, lapses, s, d, r), added:7, edited:7, rated:3 (rated:3:1 for "
    "Again), introduced:7. Put - before a term to leave it out, "
    '"or" between terms for either, brackets to group them, quotes around a phrase '
    '("low serotonin"), * for any letters.'
)


def search_box() -> QLineEdit:
    """A search box with the syntax as its tooltip and description, and an example in it."""
    search = QLineEdit()
    search.setAccessibleName("Search cards")
    search.setAccessibleDescription(SEARCH_HELP)
    search.setToolTip(SEARCH_HELP)
    search.setPlaceholderText('e.g. sleep deck:"Causes of fibromyalgia" -is:suspended')
    search.setClearButtonEnabled(True)
    for clear in search.findChildren(QToolButton):  # Qt's clear button has no name
        clear.setAccessibleName("Clear the search")
    return search
