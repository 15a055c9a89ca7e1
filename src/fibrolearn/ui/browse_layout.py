"""What the Browse table remembers between starts: its columns, their widths and its sort.

Kept in the UI settings (``ui.ini``) as one JSON value. Columns are named by their titles and
widths kept in average letters, so a layout survives new columns and follows the text size;
anything unreadable falls back to the defaults.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings

from fibrolearn.domain.browse import SortKey
from fibrolearn.ui.browse_model import COLUMNS

SETTINGS_KEY = "browse/table"
_SORTS = frozenset(c.sort for c in COLUMNS if c.sort is not None)
_MAX_LETTERS = 200.0  # wider than any screen; a larger stored width is not a choice


@dataclass(frozen=True, slots=True)
class TableLayout:
    """Which columns show (by title), widths in average letters, and the sort."""

    shown: frozenset[str] = frozenset(c.title for c in COLUMNS if c.shown)
    widths: dict[str, float] = field(default_factory=lambda: {c.title: c.width for c in COLUMNS})
    sort: SortKey = SortKey.CREATED
    descending: bool = False


def load_layout(settings: QSettings | None) -> TableLayout:
    """The remembered layout, or the default one."""
    default = TableLayout()
    text = settings.value(SETTINGS_KEY) if settings is not None else None
    try:
        stored = json.loads(text) if isinstance(text, str) else {}
        titles = {c.title for c in COLUMNS}
        shown = frozenset(stored.get("shown", default.shown)) & titles
        widths = {
            title: float(letters)
            for title, letters in stored.get("widths", {}).items()
            if title in titles and 0 < float(letters) <= _MAX_LETTERS  # NaN fails both
        }
        sort = SortKey(stored.get("sort", default.sort))
        return TableLayout(
            shown=shown or default.shown,  # a table with no column would look broken
            widths=default.widths | widths,
            sort=sort if sort in _SORTS else default.sort,  # a column may stop sorting
            descending=bool(stored.get("descending", default.descending)),
        )
    # RecursionError: a damaged value nested thousands deep, which json.loads lets through.
    except (ValueError, TypeError, AttributeError, RecursionError):
        return default


def save_layout(settings: QSettings, layout: TableLayout) -> None:
    """Remember ``layout`` for the next start."""
    stored = {
        "shown": sorted(layout.shown),
        "widths": {title: round(letters, 1) for title, letters in layout.widths.items()},
        "sort": str(layout.sort),
        "descending": layout.descending,
    }
    settings.setValue(SETTINGS_KEY, json.dumps(stored))
