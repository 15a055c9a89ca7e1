"""Fuzzing file readers: mutate real inputs, feed them in, and check the two promises.

1. Reading never fails with anything but the reader's own, explained error.
2. Loading into a collection either succeeds (and leaves it whole) or changes nothing.

A reader joins by adding a :class:`FuzzTarget` to :data:`TARGETS`; the CI tests
(tests/unit/test_fuzz_targets.py) and the long run (``python bench/fuzz.py``) then cover it.
A CSV importer, for example, would add::

    FuzzTarget("csv", ".csv", seeds=lambda: [...], read=read_csv_file,
               expected=(CsvImportError,), load=lambda services, path: ...)
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fibrolearn.content.deck_file import DeckFileError, check_deck, load_deck
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import bundled_dir
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection

REPO = Path(__file__).resolve().parents[1]
CLOCK = FixedClock(datetime(2026, 3, 4, 12, tzinfo=UTC))


@dataclass(frozen=True, slots=True)
class FuzzTarget:
    """A file reader under test.

    Attributes:
        name: Short name, used in reports.
        suffix: File name ending the reader expects.
        seeds: Real, mostly valid inputs to mutate.
        read: Reads a file; may only raise ``expected``.
        expected: The errors that explain a bad input.
        load: Loads a file into an open collection in one transaction, or None.
    """

    name: str
    suffix: str
    seeds: Callable[[], list[bytes]]
    read: Callable[[Path], object]
    expected: tuple[type[BaseException], ...]
    load: Callable[[Services, Path], object] | None = None


def _deck_seeds() -> list[bytes]:
    folders = (bundled_dir("decks"), REPO / "tests" / "data" / "decks")
    return [path.read_bytes() for folder in folders for path in sorted(folder.glob("*.toml"))]


def _read_deck(path: Path) -> object:
    problems = check_deck(path)  # never raises: lists every problem, with its line
    lines = path.read_bytes().count(b"\n") + 1
    assert all(p.line is None or 1 <= p.line <= lines for p in problems), problems
    document = load_deck(path)  # raises DeckFileError exactly when there are problems
    assert not problems, "check_deck found problems that load_deck accepted"
    return document


DECK = FuzzTarget(
    name="deck",
    suffix=".toml",
    seeds=_deck_seeds,
    read=_read_deck,
    expected=(DeckFileError,),
    load=lambda services, path: services.decks.load_deck_files([path]),
)

TARGETS: dict[str, FuzzTarget] = {target.name: target for target in (DECK,)}


# ------------------------------------------------------------------ mutations
_TOKENS = (
    b'"',
    b'"""',
    b"'",
    b"[",
    b"]]",
    b"[[fact]]\n",
    b"[[note]]\n",
    b"[deck]\n",
    b" = ",
    b"\n",
    b"\x00",
    b"\xff\xfe",
    b"{{c1::",
    b"}}",
    b"nan",
    b"1e999",
    b"-0",
    b"\xe2\x80\xae",  # right-to-left override
    b"\\u0000",
    b"x" * 5000,
)
_ASSIGNMENT = re.compile(rb"^(\s*[\w.-]+\s*=\s*)(.*)$")


def _flip(data: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if mutable:
            mutable[rng.randrange(len(mutable))] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _cut_span(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start + rng.randint(1, 200) :]


def _repeat_span(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start : start + rng.randint(1, 400)] + data[start:]


def _insert_token(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(_TOKENS) + data[at:]


def _swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    if len(lines) > 1:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def _swap_values(data: bytes, rng: random.Random) -> bytes:
    """Exchange the values of two ``key = value`` lines (fields swapped)."""
    lines = data.split(b"\n")
    assignments = [i for i, line in enumerate(lines) if _ASSIGNMENT.match(line)]
    if len(assignments) > 1:
        a, b = rng.sample(assignments, 2)
        key_a, value_a = _ASSIGNMENT.match(lines[a]).groups()  # type: ignore[union-attr]
        key_b, value_b = _ASSIGNMENT.match(lines[b]).groups()  # type: ignore[union-attr]
        lines[a], lines[b] = key_a + value_b, key_b + value_a
    return b"\n".join(lines)


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _flip,
    _truncate,
    _cut_span,
    _repeat_span,
    _insert_token,
    _swap_lines,
    _swap_values,
)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random mutations of ``data``."""
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(MUTATIONS)(data, rng)
    return data


# ------------------------------------------------------------------- checking
def write_input(target: FuzzTarget, data: bytes, folder: Path) -> Path:
    """Put one input in a file the reader can open."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"input{target.suffix}"
    path.write_bytes(data)
    return path


def check_read(target: FuzzTarget, path: Path) -> bool:
    """Read one input; True if accepted, False if refused with an expected error.

    Anything else (a crash, an unexplained exception) propagates to the caller.
    """
    try:
        target.read(path)
    except target.expected as error:
        _require_explained(error)
        return False
    return True


def check_load(target: FuzzTarget, path: Path, template: Path, folder: Path) -> bool:
    """Load one input into a copy of ``template``; True if it loaded.

    Raises:
        AssertionError: A refused input changed the collection, or a loaded one left it
            failing SQLite's integrity check.
    """
    assert target.load is not None
    collection = folder / "data" / "collection.sqlite3"
    collection.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, collection)
    before = database_rows(collection)
    services = Services.build(open_collection(collection, folder / "data" / "backups"), CLOCK)
    try:
        target.load(services, path)
    except target.expected as error:
        _require_explained(error)
        services.close()
        assert database_rows(collection) == before, "a refused input changed the collection"
        return False
    services.close()
    with sqlite3.connect(collection) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    return True


def make_template(folder: Path) -> Path:
    """A collection holding the bundled deck, to load fuzzed inputs into."""
    collection = folder / "template" / "collection.sqlite3"
    services = Services.build(open_collection(collection, folder / "template" / "b"), CLOCK)
    services.decks.load_deck_files(bundled_dir("decks").glob("*.toml"))
    services.close()
    return collection


def database_rows(collection: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to compare a collection before and after."""
    with sqlite3.connect(collection) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        rows = {
            t: connection.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables
        }
    connection.close()
    return rows


def _require_explained(error: BaseException) -> None:
    message = str(error)
    assert message.strip(), f"{type(error).__name__} without a message"


# ------------------------------------------------------- generated documents
def toml_text(document: dict[str, Any]) -> str:
    """A TOML document for a dict of tables and arrays of tables (for generated decks)."""
    lines: list[str] = []
    for key, value in document.items():
        tables = value if isinstance(value, list) else [value]
        for table in tables:
            _emit_table(lines, _toml_key(key), table, array=isinstance(value, list))
    return "\n".join(lines) + "\n"


def _emit_table(lines: list[str], header: str, table: dict[str, Any], *, array: bool) -> None:
    lines.append(f"[[{header}]]" if array else f"[{header}]")
    nested = {}
    for key, value in table.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested[key] = value
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, tables in nested.items():
        for inner in tables:
            _emit_table(lines, f"{header}.{_toml_key(key)}", inner, array=True)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
