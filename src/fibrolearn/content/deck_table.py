"""One table of a deck file, read value by value: each value typed, each problem reported.

The deck reader (:mod:`fibrolearn.content.deck_file`) walks the tables; a
:class:`DeckTable` gives it a table's values as the types the format asks for, and reports
on the key's own line whatever is missing, mistyped or misspelled.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from fibrolearn.content.grading import normalize
from fibrolearn.content.toml_lines import TableLines
from fibrolearn.domain.enums import STATED_CERTAINTIES, Certainty, NoteKind

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")  # ids of factors, facts and notes
# The whole numbers the collection stores (SQLite's INTEGER): a larger one would pass the
# check and then fail the load.
WHOLE_NUMBERS = range(-(2**63), 2**63)
_OUT_OF_RANGE = (
    f"a number past what the collection stores ({WHOLE_NUMBERS.start:,} to "
    f"{WHOLE_NUMBERS.stop - 1:,})"
)
_CARD_SIDES = {"front": "the question (front)", "back": "the answer (back)"}
# Characters that are no text (NUL, escape, ...), written as \u0000 and the like; tab and line
# breaks are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CHOICES = {
    "certainty": tuple(c.value for c in STATED_CERTAINTIES),
    "evidence_certainty": tuple(c.value for c in Certainty),
    "kind": tuple(k.value for k in NoteKind),
}


class ProblemSink(Protocol):
    """Where a table's problems go, and where ids are checked for uniqueness."""

    def report(self, line: int | None, message: str) -> None:
        """Record a problem on ``line`` (None: the whole file)."""

    def claim_id(self, kind: str, key: str, line: int | None) -> None:
        """Note that ``key`` is used by a ``kind`` entry; report it if already taken."""


class DeckTable:
    """One TOML table being checked: typed access to its values, reporting what is wrong."""

    def __init__(
        self, reader: ProblemSink, data: dict[str, Any], label: str, lines: TableLines
    ) -> None:
        self.reader = reader
        self.data = data
        self.label = label  # how messages name it: [deck], fact "CS1", note #3
        self.lines = lines

    def problem(self, key: str | None, message: str) -> None:
        """Report a problem on the line of ``key`` (or of the table when None)."""
        line = self.lines.key_line(key) if key else self.lines.line
        self.reader.report(line, message)

    def unknown_keys(self, allowed: Sequence[str], where: str = "") -> None:
        """Report keys the format does not define (usually typos)."""
        for key in self.data:
            if key not in allowed:
                hint = _did_you_mean(key, allowed)
                self.problem(key, f'unknown key "{key}" {where or "in " + self.label}{hint}')

    def text(self, key: str, *, required: bool = False, empty_ok: bool = True) -> str:
        """The string under ``key``; "" when absent or wrong (which is reported)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(None, f'{self.label} is missing "{key}"')
            return ""
        if not isinstance(value, str):
            self.problem(key, f'{self.label}: "{key}" must be text')
            return ""
        if not empty_ok and not value.strip():
            what = _CARD_SIDES.get(key, f'"{key}"')
            self.problem(key, f"{self.label}: {what} is empty")
        if control := _CONTROL.search(value):
            self.problem(
                key,
                f'{self.label}: "{key}" holds the control character U+{ord(control[0]):04X}, '
                "which is no text: remove it",
            )
        return value

    def integer(self, key: str, *, required: bool = False) -> int | None:
        """The whole number under ``key``; None when absent or wrong (which is reported)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(None, f'{self.label} is missing "{key}"')
            return None
        if type(value) is not int:  # bool is an int subclass; `true` is not a number
            self.problem(key, f'{self.label}: "{key}" must be a whole number')
            return None
        if value not in WHOLE_NUMBERS:
            self.problem(key, f'{self.label}: "{key}" is {_OUT_OF_RANGE}')
            return None
        return value

    def flag(self, key: str) -> bool:
        """The true or false under ``key``; False when absent or wrong (which is reported)."""
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f'{self.label}: "{key}" must be true or false')
            return False
        return value

    def term_groups(self, key: str) -> tuple[tuple[str, ...], ...]:
        """Lists of two or more different terms under ``key``; () when absent or wrong."""
        value = self.data.get(key, [])
        groups = value if isinstance(value, list) else None
        if groups is None or not all(
            isinstance(group, list) and all(isinstance(term, str) for term in group)
            for group in groups
        ):
            self.problem(key, f'{self.label}: "{key}" must be a list of lists of terms')
            return ()
        seen: set[str] = set()
        for group in groups:
            # Compared as typed answers are graded: case, accents and punctuation aside.
            terms = [normalize(term) for term in group]
            if not all(terms):
                self.problem(key, f"{self.label}: {group} has a term with no letters or digits")
                return ()
            if len(set(terms)) < 2:
                self.problem(key, f"{self.label}: {group} needs two or more different terms")
                return ()
            if twice := sorted(seen & set(terms)):
                self.problem(key, f'{self.label}: "{twice[0]}" is in two synonym groups')
                return ()
            seen |= set(terms)
        return tuple(tuple(group) for group in groups)

    def text_list(self, key: str, what: str) -> tuple[str, ...]:
        """The list of strings under ``key``; () when absent or wrong (which is reported)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, f'{self.label}: "{key}" must be a list of {what}')
            return ()
        return tuple(value)

    def listed_once(
        self, key: str, values: Sequence[str], what: str, *, cased: bool = True
    ) -> None:
        """Report each of ``values`` (the list under ``key``) that the list already has.

        ``what`` names one value ("fact"); without ``cased``, capitals do not tell values apart
        (tags, as the app compares them everywhere).
        """
        seen: set[str] = set()
        for value in values:
            same = value if cased else value.casefold()
            if same in seen:
                aside = "" if cased else " (capitals do not count)"
                self.problem(key, f'{self.label}: {what} "{value}" is listed twice{aside}')
            seen.add(same)

    def choice(self, key: str) -> str:
        """The value under ``key``, which must be one of ``_CHOICES[key]``; "" if it is not."""
        value = self.data.get(key)
        if value is None:
            self.problem(None, f'{self.label} is missing "{key}"')
            return ""
        if value not in _CHOICES[key]:
            self.problem(key, f"{self.label}: {key} must be one of {', '.join(_CHOICES[key])}")
            return ""
        return str(value)

    def ident(self, kind: str) -> str:
        """The entry's id, checked for characters and uniqueness among ``kind`` entries."""
        key = self.text("id", required=True, empty_ok=False)
        if key and not ID.match(key):
            self.problem("id", f'{self.label}: id "{key}" may use only letters, digits and - _ .')
            return ""
        if key:
            self.reader.claim_id(kind, key, self.lines.key_line("id"))
        return key


def _did_you_mean(key: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.75)
    return f' (did you mean "{close[0]}"?)' if close else ""
