"""How a cloze deletion is written: ``{{c1::term}}`` or ``{{c1::term::hint}}``.

One pattern for what reads deletions (content/cloze.py) and what sorts by them (the Browse
sort in storage/search.py), which may not import each other.
"""

from __future__ import annotations

import re

# A term may hold single colons ("5:1") but not "::", "{{" or "}}"; a hint runs to the "}}".
# A number has at most 18 digits, as a card's ordinal is stored in a 64-bit integer.
CLOZE_DELETION = re.compile(
    r"\{\{c(?P<number>[1-9][0-9]{0,17})::"
    r"(?P<term>(?:(?!::|\{\{|\}\})[\s\S])*)"
    r"(?:::(?P<hint>(?:(?!\{\{|\}\})[\s\S])*))?"
    r"\}\}"
)
