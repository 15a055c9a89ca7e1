"""Guessing how a text file's columns are laid out: its header row, HTML, what each holds.

``interop.csv_text`` reads the file into rows; ``interop.csv_import`` plans notes from them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence

from fibrolearn.interop.csv_text import ANKI_COLUMN_DIRECTIVES, SAMPLE_ROWS, Text
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.values import ColumnRole, CsvSettings

# Column names, in English, German, French, Spanish, Italian, Portuguese, Dutch and Polish (and
# Anki's field names in them), as :func:`_header_word` writes them.
_HEADER_WORDS = {
    ColumnRole.FRONT: {
        *("front", "question", "term", "word", "text", "prompt"),
        *("vorderseite", "frage", "begriff", "wort"),
        *("recto", "terme", "mot"),
        *("anverso", "frente", "pregunta", "término", "palabra"),
        *("fronte", "domanda", "termine", "parola"),
        *("pergunta", "termo", "palavra"),
        *("voorkant", "vraag", "woord"),
        *("przód", "pytanie", "pojęcie", "słowo"),
    },
    ColumnRole.BACK: {
        *("back", "answer", "definition", "meaning", "extra", "back extra"),
        *("rückseite", "antwort", "bedeutung"),
        *("verso", "réponse", "définition", "signification"),
        *("reverso", "respuesta", "definición", "significado"),
        *("retro", "risposta", "definizione", "significato"),
        *("resposta", "definição"),
        *("achterkant", "antwoord", "definitie", "betekenis"),
        *("tył", "odpowiedź", "definicja", "znaczenie"),
    },
    ColumnRole.TAGS: {"tags", "tag", "schlagwörter", "étiquettes", "etiquetas", "etichette"},
    ColumnRole.DECK: {"deck", "stapel", "paquet", "mazo", "mazzo", "baralho", "talia"},
    ColumnRole.GUID: {"guid", "id"},
}
_HTML_TAG = re.compile(
    r"<(?:b|i|u|br|div|span|img|p|ul|ol|li|sup|sub|a|font|strong|em|hr|table)\b[^>]*>", re.I
)


def header_and_head(
    name: str, settings: CsvSettings, rows: Iterator[tuple[int, list[str]]]
) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header row (when ``settings`` say there is one) and the first rows after it.

    Raises:
        InteropError: The file holds nothing but its header row.
    """
    head = list(itertools.islice(rows, SAMPLE_ROWS))
    if not settings.has_header or not head:
        return None, head
    (_line, header), *head = head
    if not head:
        raise InteropError(
            f"{name} holds only a header row ({', '.join(header)}): there are no cards in it."
        )
    return header, head


def looks_like_header(values: list[str]) -> bool:
    """Whether a row names its columns: names FibroLearn knows, and no column left blank.

    The names must be of more than one column's role: "Frage;Antwort" names the front and the
    back, while "palabra;word", two words for the front, is a card of a vocabulary deck.
    """
    if not all(value.strip() for value in values):
        return False
    named = [_role_named(value) for value in values]
    roles = [role for role in named if role is not None]
    return bool(roles) and (len(roles) == 1 or len(set(roles)) > 1)


def _role_named(name: str) -> ColumnRole | None:
    """The role a column name names, if FibroLearn knows the name."""
    word = _header_word(name)
    return next((role for role, words in _HEADER_WORDS.items() if word in words), None)


def _header_word(name: str) -> str:
    """A column name as the header words are written: trimmed, lower case, in NFC."""
    return unicodedata.normalize("NFC", name.strip().casefold())


def roles_named(header: Sequence[str], roles: tuple[ColumnRole, ...]) -> tuple[ColumnRole, ...]:
    """What each column holds by the names in ``header``; ``roles`` when it names none.

    For a first row the learner says names the columns, after the file was read without one.
    """
    if not any(_role_named(name) for name in header):
        return roles
    return guess_columns({}, tuple(header), len(roles))


def guess_html(text: Text, rows: list[tuple[int, list[str]]]) -> bool:
    """Whether the fields are HTML: as Anki's ``#html:`` header line says, or by their tags."""
    declared = text.directives.get("html")
    if declared is not None:
        return declared.lower() == "true"
    return any(_HTML_TAG.search(value) for _line, values in rows for value in values)


def guess_columns(
    directives: dict[str, str], header: tuple[str, ...], count: int
) -> tuple[ColumnRole, ...]:
    """What each of ``count`` columns holds, from Anki's header lines and the column names.

    Columns named for nothing else take the front and then the back, in order.
    """
    roles: list[ColumnRole | None] = [None] * count
    for name, role in ANKI_COLUMN_DIRECTIVES.items():
        number = directives.get(name, "")
        if number.isdigit() and 1 <= int(number) <= count:
            roles[int(number) - 1] = role
    for index, name in enumerate(header[:count]):
        if roles[index] is not None:
            continue
        role = _role_named(name)
        if role is not None and role not in roles:
            roles[index] = role
    free = [index for index, role in enumerate(roles) if role is None]
    for role in (ColumnRole.FRONT, ColumnRole.BACK):
        if role not in roles and free:
            roles[free.pop(0)] = role
    return tuple(role or ColumnRole.IGNORE for role in roles)
