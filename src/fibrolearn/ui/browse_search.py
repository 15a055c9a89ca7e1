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
# Short enough to show whole at 200 % text in an 800-pixel window: the example with a deck in
# it was cut to 'e.g. sleep deck:"Causes of fibromyalgi…'. That one is told in the tooltip and
# the description, with what it finds.
EXAMPLE = "e.g. sleep -is:suspended"
EXAMPLES = (
    'For example, sleep deck:"Causes of fibromyalgia" -is:suspended finds the cards of that '
    "deck whose note mentions sleep, leaving out suspended ones."
)


def search_box() -> QLineEdit:
    """A search box with the syntax as its tooltip and description, and an example in it."""
    search = QLineEdit()
    search.setAccessibleName("Search cards")
    search.setAccessibleDescription(f"{EXAMPLES} {SEARCH_HELP}")
    search.setToolTip(f"{EXAMPLES} {SEARCH_HELP}")
    search.setPlaceholderText(EXAMPLE)
    search.setClearButtonEnabled(True)
    for clear in search.findChildren(QToolButton):  # Qt's clear button has no name
        clear.setAccessibleName("Clear the search")
    return search
