"""Tags as a person writes them: separated by spaces or by commas."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s,]+")


def typed_tags(text: str) -> list[str]:
    """The tags written in ``text``, in order: a space or a comma ends each.

    As Anki's tag editor takes a typed comma, and as a spreadsheet's tags column is written
    ("sleep, pain"). Tags already stored, and those an Anki package brings, are split only
    at spaces, as Anki splits them: a comma inside one of those stays.
    """
    return [tag for tag in _SEPARATORS.split(text) if tag]
