"""Write an Anki collection file in schema 11, the layout every Anki since 2.1 imports.

Schema 11 keeps note types, decks and deck options as JSON in the ``col`` row and notes, cards
and the review log in their own tables. Anki upgrades such a file to its current schema when it
imports it, so only the keys that upgrade reads are written.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fibrolearn.domain.html_text import html_to_text
from fibrolearn.interop.values import NoteTypeSpec

_DDL = """
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL,
  conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL,
  tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL,
  csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
  due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
  type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""
_LATEX_PRE = (
    "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
    "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n"
    "\\setlength{\\parindent}{0in}\n\\begin{document}\n"
)
_FIELD_REFERENCE = re.compile(r"\{\{[#^/]?\s*(?:[^}:]*:)*([^}]+?)\s*\}\}")
DEFAULT_DECK_ID = 1
_DEFAULT_CONFIG_ID = 1


@dataclass(frozen=True, slots=True)
class AnkiRows:
    """The rows of a schema-11 collection, ready to write.

    Attributes:
        created: Day zero of the collection (``crt``), seconds since the epoch.
        modified_ms: Modification time in milliseconds.
        note_types: Anki note type id -> the note type.
        decks: Anki deck id -> full deck name.
        notes: (id, guid, note type id, modified seconds, tags, field values).
        cards: Complete ``cards`` rows, in column order.
        reviews: Complete ``revlog`` rows, in column order.
        next_position: Where Anki should continue numbering new cards.
        rollover_hour: The local hour the learner's day starts at, which Anki counts the
            days since ``created`` with: the due days are study days of that hour.
    """

    created: int
    modified_ms: int
    note_types: dict[int, NoteTypeSpec]
    decks: dict[int, str]
    notes: list[tuple[int, str, int, int, tuple[str, ...], list[str]]]
    cards: list[tuple[int, ...] | tuple[Any, ...]]
    reviews: list[tuple[int, ...]]
    next_position: int
    rollover_hour: int = 4


def write_collection(path: Path, rows: AnkiRows) -> None:
    """Write ``rows`` as a new schema-11 collection file at ``path``."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executescript(_DDL)
        connection.execute(
            "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
            (
                rows.created,
                rows.modified_ms,
                rows.modified_ms,
                json.dumps(_collection_config(rows.next_position, rows.rollover_hour)),
                json.dumps(
                    {
                        str(type_id): _model(type_id, spec, rows.modified_ms // 1000)
                        for type_id, spec in rows.note_types.items()
                    }
                ),
                json.dumps(_decks(rows.decks, rows.modified_ms // 1000)),
                json.dumps({str(_DEFAULT_CONFIG_ID): _deck_config()}),
            ),
        )
        connection.executemany(
            "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')",
            (_note_row(note) for note in rows.notes),
        )
        connection.executemany(
            "INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)",
            rows.cards,
        )
        connection.executemany(
            "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)", rows.reviews
        )


def _note_row(note: tuple[int, str, int, int, tuple[str, ...], list[str]]) -> tuple[Any, ...]:
    note_id, guid, type_id, modified, tags, values = note
    sort_field = html_to_text(values[0]) if values else ""
    checksum = int(hashlib.sha1(sort_field.encode(), usedforsecurity=False).hexdigest()[:8], 16)
    tag_text = f" {' '.join(tags)} " if tags else ""
    return (note_id, guid, type_id, modified, tag_text, "\x1f".join(values), sort_field, checksum)


def _model(type_id: int, spec: NoteTypeSpec, modified: int) -> dict[str, Any]:
    return {
        "id": type_id,
        "name": spec.name,
        "type": 1 if spec.kind == "cloze" else 0,
        "mod": modified,
        "usn": -1,
        "sortf": 0,
        "did": None,
        "tmpls": [
            {
                "name": template.name,
                "ord": ordinal,
                "qfmt": template.front,
                "afmt": template.back,
                "bqfmt": "",
                "bafmt": "",
                "did": None,
                "bfont": "",
                "bsize": 0,
            }
            for ordinal, template in enumerate(spec.templates)
        ],
        "flds": [
            {
                "name": name,
                "ord": ordinal,
                "sticky": False,
                "rtl": False,
                "font": "Arial",
                "size": 20,
                "media": [],
            }
            for ordinal, name in enumerate(spec.fields)
        ],
        "css": spec.css,
        "latexPre": _LATEX_PRE,
        "latexPost": "\\end{document}",
        "latexsvg": False,
        "req": _requirements(spec),
        "tags": [],
        "vers": [],
    }


def _requirements(spec: NoteTypeSpec) -> list[list[Any]]:
    """Which fields each template needs (Anki before 2.1.28 decides card generation by it)."""
    requirements = []
    for ordinal, template in enumerate(spec.templates):
        used = {match.strip() for match in _FIELD_REFERENCE.findall(template.front)}
        indexes = [index for index, name in enumerate(spec.fields) if name in used]
        requirements.append([ordinal, "any", indexes or [0]])
    return requirements


def _decks(names: dict[int, str], modified: int) -> dict[str, dict[str, Any]]:
    all_names = {DEFAULT_DECK_ID: "Default", **names}
    return {str(deck_id): _deck(deck_id, name, modified) for deck_id, name in all_names.items()}


def _deck(deck_id: int, name: str, modified: int) -> dict[str, Any]:
    return {
        "id": deck_id,
        "name": name,
        "mod": modified,
        "usn": -1,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
        "collapsed": False,
        "browserCollapsed": False,
        "desc": "",
        "dyn": 0,
        "conf": _DEFAULT_CONFIG_ID,
        "extendNew": 0,
        "extendRev": 0,
    }


def _deck_config() -> dict[str, Any]:
    return {
        "id": _DEFAULT_CONFIG_ID,
        "name": "Default",
        "mod": 0,
        "usn": 0,
        "maxTaken": 60,
        "autoplay": True,
        "timer": 0,
        "replayq": True,
        "dyn": False,
        "new": {
            "delays": [1.0, 10.0],
            "ints": [1, 4, 0],
            "initialFactor": 2500,
            "order": 1,
            "perDay": 20,
            "bury": False,
        },
        "rev": {
            "perDay": 200,
            "ease4": 1.3,
            "ivlFct": 1.0,
            "maxIvl": 36500,
            "bury": False,
            "hardFactor": 1.2,
        },
        "lapse": {"delays": [10.0], "mult": 0.0, "minInt": 1, "leechFails": 8, "leechAction": 1},
    }


def _collection_config(next_position: int, rollover_hour: int) -> dict[str, Any]:
    return {
        "nextPos": next_position,
        "rollover": rollover_hour,
        "schedVer": 2,
        "activeDecks": [DEFAULT_DECK_ID],
        "curDeck": DEFAULT_DECK_ID,
        "sortType": "noteFld",
        "sortBackwards": False,
        "addToCur": True,
        "dueCounts": True,
        "estTimes": True,
        "newSpread": 0,
        "collapseTime": 1200,
        "timeLim": 0,
    }


def parent_names(names: Iterable[str]) -> set[str]:
    """Every deck name together with the names of its parents ("A::B" needs "A")."""
    everything: set[str] = set()
    for name in names:
        parts = name.split("::")
        everything.update("::".join(parts[: depth + 1]) for depth in range(len(parts)))
    return everything
