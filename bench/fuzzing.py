"""Fuzzing file readers: mutate real inputs, feed them in, and check the two promises.

1. Reading never fails with anything but the reader's own, explained error.
2. Loading into a collection either succeeds (and leaves it whole) or changes nothing.

A reader joins by adding a :class:`FuzzTarget` to :data:`TARGETS`; the CI tests
(tests/unit/test_fuzz_targets.py) and the long run (``python bench/fuzz.py``) then cover it.
The targets: the deck parser, the CSV/TSV importer, the Anki package importer, the review-log
importer and restoring a backup (of a collection damaged as a failing disk damages one). Apart
from them, :func:`open_damaged` starts on a collection damaged at random
(tests/integration/test_damaged_collection.py; ``--target collection`` for the long run).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import random
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import zstandard

from fibrolearn.cli import open_services
from fibrolearn.content.deck_file import DeckFileError, check_deck, load_deck
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.browse import CardQuery
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.gentle import Energy, SessionGoal
from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_session import QuizMode, QuizSetup, Response
from fibrolearn.domain.statistics import Span
from fibrolearn.domain.study import StudyPosition
from fibrolearn.interop.archive import Limits
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.preview import preview_cards, studied_cards
from fibrolearn.interop.sources import inspect_source, open_plan
from fibrolearn.interop.values import ImportOptions
from fibrolearn.paths import bundled_dir, resolve_paths
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS
from fibrolearn.services.backlog_plans import BACKLOG_SETTING
from fibrolearn.services.backups import read_backup
from fibrolearn.services.container import Services
from fibrolearn.services.fsrs_parameters import PARAMETERS_SETTING
from fibrolearn.services.health import check_health
from fibrolearn.services.optimize import FIT_SETTING
from fibrolearn.services.recovery import CollectionDamagedError, prepare_restore, restore_backup
from fibrolearn.services.revlog import RevlogFileError, read_log
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.storage.backup_archive import MEDIA_PREFIX, BackupFileError
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.decks_repo import put_setting
from fibrolearn.storage.file_check import file_problems
from fibrolearn.storage.migrate import NewerCollectionError, open_collection

REPO = Path(__file__).resolve().parents[1]
PACKAGES = REPO / "tests" / "data" / "interop"
CLOCK = FixedClock(datetime(2026, 3, 4, 12, tzinfo=UTC))
BROWSE_ROWS = 200  # more than the template's cards: Browse reads every one


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
        mutate: How to mutate an input, when plain byte mutations (:func:`mutate`) are not
            enough to get past the outer layers of the format.
        loads_damage: Whether what loads may hold damage Check collection names, as a
            restore does: it brings back the backup's collection as it was. An import must
            never write any, nor a setting the check cannot read.
    """

    name: str
    suffix: str
    seeds: Callable[[], list[bytes]]
    read: Callable[[Path], object]
    expected: tuple[type[BaseException], ...]
    load: Callable[[Services, Path], object] | None = None
    mutate: Callable[[bytes, random.Random], bytes] | None = None
    loads_damage: bool = False

    def mutated(self, data: bytes, rng: random.Random) -> bytes:
        """``data`` mutated the way this target asks for."""
        return (self.mutate or mutate)(data, rng)


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
    b"y" * 140_000,  # a field longer than the csv module reads
    b"[" * 3000,  # lists nested past what a reader that recurses follows
    b"9" * 5000,  # a number of more digits than int() converts
    b"99999999999999999999",  # a number past SQLite's 64 bits
    b"{{c99999999999999999999::",  # a deletion no card can have
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


# Anki packages: a zip of a collection database and a media map, either maybe zstd-compressed.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_HOSTILE_VALUES = (
    None,
    -1,
    0,
    2**63 - 1,
    1e308,
    "",
    "x",
    "\x1f",
    b"\x00\xff",
    "{}",
    "[]",
    "{{c1::",
    -62_135_596_800_000,  # 1 January of year 1, as a review log id (milliseconds)
    "0001-01-01 00:00:00.000000",  # the same as a stored time
    2_000_000_000,  # an interval in days past what a timedelta holds
    "[" * 3000 + "]" * 3000,  # JSON nested past what json.loads follows
    '{"s": ' + "9" * 5000 + "}",  # JSON with a number of more digits than int() converts
    "{{c1::" * 3000 + "x" + "}}" * 3000,  # deletions nested past what a recursion follows
    "{{c99999999999999999999::x}}",  # a deletion no card can have
)


def mutate_package(data: bytes, rng: random.Random) -> bytes:
    """Mutate an Anki package's bytes, or the content of its collection or media map.

    Byte mutations of the whole zip mostly test the zip reader; mutating inside a member
    (unpacked, changed, packed again) reaches the collection and media readers.
    """
    return _mutate_archive(
        data, rng, lambda name: name.startswith("collection") or name == "media", _mutate_member
    )


def mutate_backup(data: bytes, rng: random.Random) -> bytes:
    """Mutate a backup's bytes, its manifest, or its collection (not its media).

    Its collection is damaged as a failing disk damages one (see :func:`damaged_copy`): a
    backup is made of the collection as it is, damage and all. Its checksums then hold, as
    they do for such a backup, and the checks behind the zip reader are reached.
    """
    return _mutate_archive(
        data, rng, lambda name: not name.startswith(MEDIA_PREFIX), _damage_member
    )


def _damage_member(content: bytes, rng: random.Random) -> bytes:
    is_database = content.startswith(b"SQLite format 3\x00")
    return damaged_copy(content, rng) if is_database else mutate(content, rng)


def _mutate_archive(
    data: bytes,
    rng: random.Random,
    inner: Callable[[str], bool],
    change: Callable[[bytes, random.Random], bytes],
) -> bytes:
    """``data`` mutated whole, or one of its ``inner`` members changed and the zip packed
    again (so that its checksums hold and the readers behind the zip reader are reached)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zstandard.ZstdError):
        members = {}
    if not members or rng.random() < 0.3:
        return mutate(data, rng)
    name = rng.choice([n for n in members if inner(n)] or list(members))
    if rng.random() < 0.1:  # contents swapped between two members
        other = rng.choice(list(members))
        members[name], members[other] = members[other], members[name]
    else:
        members[name] = change(members[name], rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


def _mutate_member(content: bytes, rng: random.Random) -> bytes:
    packed = content.startswith(_ZSTD_MAGIC)
    if packed:
        try:
            content = zstandard.ZstdDecompressor().decompressobj().decompress(content)
        except zstandard.ZstdError:
            return mutate(content, rng)
    if content.startswith(b"SQLite format 3\x00"):
        content = _mutate_rows(content, rng) if rng.random() < 0.7 else _flip(content, rng)
    else:
        content = mutate(content, rng)
    return zstandard.ZstdCompressor().compress(content) if packed else content


def _mutate_rows(database: bytes, rng: random.Random) -> bytes:
    """Set a few cells of a database to hostile values or to another cell's value."""
    with tempfile.TemporaryDirectory(prefix="fuzz-db-") as folder:
        path = Path(folder) / "collection.db"
        path.write_bytes(database)
        connection = sqlite3.connect(path)
        try:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
            for _ in range(rng.randint(1, 3)):
                table = rng.choice(tables)
                columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
                rowids = [r for (r,) in connection.execute(f'SELECT rowid FROM "{table}"')]
                if not rowids:
                    continue
                rowid, column = rng.choice(rowids), rng.choice(columns)
                value = rng.choice(_HOSTILE_VALUES)
                if rng.random() < 0.5:  # fields swapped: another column's value of the row
                    other = rng.choice(columns)
                    query = f'SELECT "{other}" FROM "{table}" WHERE rowid = ?'
                    (value,) = connection.execute(query, (rowid,)).fetchone()
                update = f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?'
                connection.execute(update, (value, rowid))
            connection.commit()
        except sqlite3.DatabaseError:
            pass  # a constraint or a WITHOUT ROWID table: the database stays as it was
        finally:
            connection.close()
        return path.read_bytes()


# -------------------------------------------------------- importer targets
_CSV_SEEDS = (
    "perro\tdog\ngato\tcat\ncasa\thouse, home\n",  # a Quizlet export
    "Question,Answer,Tags,Deck\n"
    '"Where, exactly?",Here,geo travel,Places\n'
    "{{c1::Sleep}} matters,,sleep,Health\n"
    ",no front,,Places\n",
    'front;back;extra\n<b>Pain</b>;<i>an alarm</i>;more\n"two\nlines";back;\n',
    "#separator:tab\n#html:false\nA\tB\tC\n",
)


def _csv_seeds() -> list[bytes]:
    texts = [text.encode() for text in _CSV_SEEDS] + [_CSV_SEEDS[0].encode("utf-16")]
    return [*texts, b"front\x00\x01back\x02\n"]  # the last one is binary: refused


def _package_seeds() -> list[bytes]:
    packages = [path.read_bytes() for path in sorted(PACKAGES.glob("*.apkg"))]
    return [*packages, packages[0][: len(packages[0]) // 2]]  # the last one is cut short


def _read_import(path: Path) -> object:
    """Inspect and plan an import the way the import dialog does before it writes."""
    inspect_source(path, Limits())
    options = ImportOptions(with_history=True)
    with open_plan(path, options, CLOCK.now(), Limits()) as plan:
        return preview_cards(plan, studied_cards(plan))


def _run_import(services: Services, path: Path) -> object:
    return services.importer.run(path, ImportOptions(with_history=True))


CSV = FuzzTarget(
    name="csv",
    suffix=".csv",
    seeds=_csv_seeds,
    read=_read_import,
    expected=(InteropError,),
    load=_run_import,
)
ANKI_PACKAGE = FuzzTarget(
    name="apkg",
    suffix=".apkg",
    seeds=_package_seeds,
    read=_read_import,
    expected=(InteropError,),
    load=_run_import,
    mutate=mutate_package,
)


# ------------------------------------------------------------------ review logs
REVIEW_LOG = REPO.parent / "shared" / "data" / "review-logs" / "py-fsrs-josh-2024.csv"
_LOG_SEEDS = (
    "card_id,review_rating,review_time,review_duration\n"
    "7,3,2026-03-01T09:00:00+00:00,6000\n"
    "7,1,2026-03-02T21:30:00-05:00,\n"
    "8,4, 2026-03-03T23:59:59.999999+14:00 ,120000\n",
    # Columns in another order, one more, a byte-order mark and Windows line ends.
    "\ufeffreview_time,card_id,extra,review_duration,review_rating\r\n"
    "2026-02-27T12:00:00Z,12,x,5000,2\r\n\r\n"
    "2026-02-28T12:00:00+01:00,12,,7200000,3\r\n",
)
# Values worth putting in a log's fields: the calendar's ends, 1970, numbers in other forms.
_LOG_VALUES = (
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-23:59",
    "1970-01-01T00:00:00+00:00",
    "1969-12-31T23:59:59+00:00",
    "2026-03-05T11:59:59+00:00",  # within the day of slack the import allows
    "2026-W10-3T12:00+00:00",
    "9" * 40,
    "-1",
    "0",
    "",
    "\u0663",  # ARABIC-INDIC DIGIT THREE, which int() reads as 3
    "1e9",
    '"',
)


def _log_seeds() -> list[bytes]:
    logs = [text.encode() for text in _LOG_SEEDS]
    if REVIEW_LOG.exists():  # the real learner's log, where ../shared is
        logs.append(b"".join(REVIEW_LOG.read_bytes().splitlines(keepends=True)[:300]))
    return [*logs, b"card_id;rating\n\x00\xff\n"]  # the last one is refused


def mutate_log(data: bytes, rng: random.Random) -> bytes:
    """Put a telling value in one field of a line of a review log, or mutate its bytes."""
    lines = data.split(b"\n")
    if len(lines) < 2 or rng.random() < 0.5:
        return mutate(data, rng)
    line = rng.randrange(1, len(lines))
    fields = lines[line].split(b",")
    fields[rng.randrange(len(fields))] = rng.choice(_LOG_VALUES).encode()
    lines[line] = b",".join(fields)
    return b"\n".join(lines)


REVLOG = FuzzTarget(
    name="revlog",
    suffix=".csv",
    seeds=_log_seeds,
    read=lambda path: read_log(path, CLOCK.now()),
    expected=(RevlogFileError,),
    load=lambda services, path: services.revlog.import_csv(path),
    mutate=mutate_log,
)


# ------------------------------------------------------------------ backups
@functools.cache
def _backup_of_template() -> bytes:
    """A backup of the collection :func:`make_template` builds (decks, media, history)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-backup-") as folder:
        template = make_template(Path(folder))
        services = Services.build(open_collection(template, template.parent / "b"), CLOCK)
        try:
            return services.backups.backup(BackupReason.MANUAL).path.read_bytes()
        finally:
            services.close()


def _backup_seeds() -> list[bytes]:
    archive = _backup_of_template()
    return [archive, archive[: len(archive) // 2]]  # the last one is cut short


def _read_backup(path: Path) -> object:
    """Describe and unpack a backup, as the Backups dialog and a restore do before swapping."""
    read_backup(path)
    with (
        tempfile.TemporaryDirectory(prefix="fuzz-restore-") as folder,
        prepare_restore(path, resolve_paths(Path(folder))) as prepared,
    ):
        return prepared.backup


def _restore(services: Services, path: Path) -> object:
    """Restore a backup over the open collection, then start on it as the app does after.

    What the restore's checks let through must open, or be set aside as damaged with a
    reason; either way ``fibrolearn check`` reports rather than fails.
    """
    paths = services.backups.paths
    restored = restore_backup(path, paths, services)
    try:
        reopened = open_services(paths, CLOCK)
    except CollectionDamagedError as error:
        assert error.problems, "set aside without saying why"
        return restored
    try:
        check_health(reopened.database)
    finally:
        reopened.close()
    return restored


BACKUP = FuzzTarget(
    name="backup",
    suffix=".zip",
    seeds=_backup_seeds,
    read=_read_backup,
    expected=(BackupFileError, NewerCollectionError),
    load=_restore,
    mutate=mutate_backup,
    loads_damage=True,
)

TARGETS: dict[str, FuzzTarget] = {
    target.name: target for target in (DECK, CSV, ANKI_PACKAGE, REVLOG, BACKUP)
}


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
            failing SQLite's integrity check or (but for ``loads_damage``) holding damage.
    """
    assert target.load is not None
    data = folder / "data"
    shutil.rmtree(data, ignore_errors=True)  # what the previous input loaded
    shutil.copytree(template.parent, data, ignore=shutil.ignore_patterns("backups"))
    collection = data / template.name
    before = database_rows(collection), data_files(data)
    services = Services.build(open_collection(collection, data / "backups"), CLOCK)
    try:
        target.load(services, path)
    except target.expected as error:
        _require_explained(error)
        services.close()
        after = database_rows(collection), data_files(data)
        assert after == before, "a refused input changed the collection or its media"
        return False
    report = None if target.loads_damage else check_health(services.database)
    services.close()
    if report is not None:  # what an import wrote, the app reads back
        unreadable = report.restorable or report.settings_unreadable
        assert not unreadable, f"a load wrote what reads back as damage: {report.problems}"
    with sqlite3.connect(collection) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    return True


def make_template(folder: Path) -> Path:
    """A collection holding the bundled deck and a package with media, to load inputs into."""
    collection = folder / "template" / "collection.sqlite3"
    services = Services.build(open_collection(collection, folder / "template" / "b"), CLOCK)
    services.decks.load_deck_files(bundled_dir("decks").glob("*.toml"))
    services.importer.run(PACKAGES / "small-legacy.apkg", ImportOptions(with_history=True))
    _take_quizzes(services)
    _keep_settings(services)
    services.close()
    return collection


def _keep_settings(services: Services) -> None:
    """Each setting a learner's collection holds, as the app writes it, for damage to reach.

    The fitted parameters and the last fit are written as an optimization writes them (one
    needs a thousand answers), a backlog plan in the shape the gentle mode writes (making one
    needs reviews waiting from before today, which the template has none of).
    """
    decks = services.decks.list_decks()
    services.decks.set_day_rollover_hour(3)
    services.gentle.check_in(Energy.SOME)
    services.quiz.set_brings_cards_forward(True)
    services.deck_manage.rename(decks[0].deck_id, f"{decks[0].name} (mine)")  # and former name
    started = CLOCK.now()
    goal = SessionGoal(cards=10)
    services.study.save_position(StudyPosition(decks[0].deck_id, goal=goal, started_at=started))
    plan = {"since": started.isoformat(), "days": 3, "per_day": 4}
    with services.database.write() as session:
        put_setting(session, PARAMETERS_SETTING, [round(w * 1.01, 4) for w in DEFAULT_PARAMETERS])
        put_setting(session, FIT_SETTING, {"reviews": 1200, "at": started.isoformat()})
        put_setting(session, BACKLOG_SETTING.format(deck_id=decks[-1].deck_id), plan)


def _take_quizzes(services: Services) -> None:
    """Sittings of each kind the Quiz place keeps: finished, and one left running."""
    deck_id = services.progress.decks_with_factors()[0][0]
    for seed, mode in enumerate((QuizMode.PRACTICE, QuizMode.TEST, QuizMode.PRACTICE)):
        sitting = services.quiz.start(QuizSetup(deck_id, length=5, mode=mode, seed=seed))
        for position, question in enumerate(sitting.questions[:3]):
            services.quiz.answer(sitting.session_id, position, _some_response(question), 4000)
        if seed < 2:  # the last is left running, as when the app closed mid-quiz
            services.quiz.finish(sitting.session_id)


def _some_response(question: QuizQuestion) -> Response:
    """An answer of the shape ``question`` asks for (right or wrong alike)."""
    if question.kind is QuizKind.TYPED_RECALL:
        return "an answer"
    if question.kind is QuizKind.MATCHING:
        return tuple(item % len(question.options) for item in range(len(question.items)))
    return 0


# ------------------------------------------------------- damaged collections
# Damage to SQLite's file header makes another kind of file, not a damaged collection.
_HEADER = 100
OUTCOMES = (
    "set aside at the check",
    "set aside opening",
    "refused untouched as a newer version's",
    "opened, damage reported",
    "opened",
)


def damaged_copy(template: bytes, rng: random.Random) -> bytes:
    """``template`` with 1 to 20 of its bytes overwritten at random, as a failing disk might."""
    data = bytearray(template)
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(_HEADER, len(data))] = rng.randrange(256)
    return bytes(data)


def open_damaged(data: bytes, folder: Path) -> str:
    """Start on the collection ``data`` as the app does, check it, study; one of OUTCOMES.

    The start is the check, the opening and the bundled decks; it must end with the
    collection open or set aside, and ``fibrolearn check`` must report rather than fail.
    Then the learner's first steps: each deck's first card answered, and a look at each place.
    Damage met there must be told as damage (what the window's message says), never as
    anything else.

    Raises:
        AssertionError: A collection set aside was changed, or set aside without a reason.
        Exception: Whatever else the start, the check or studying raised: a crash.
    """
    paths = resolve_paths(folder)
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    paths.collection.write_bytes(data)
    seen_by_quick_check = bool(file_problems(paths.collection))
    try:
        services = open_services(paths, CLOCK)
    except CollectionDamagedError as error:
        assert error.moved_to.read_bytes() == data, "the damaged file was changed"
        assert error.problems, "set aside without saying why"
        return OUTCOMES[0] if seen_by_quick_check else OUTCOMES[1]
    except NewerCollectionError:
        # A changed digit of the stored revision can name one past ours ("8016_note_live_cards"):
        # refusing it untouched is the app's chosen safe mistake (see damaged_revision).
        assert paths.collection.read_bytes() == data, "a file refused as newer was changed"
        return OUTCOMES[2]
    try:
        report = check_health(services.database)
        met_damage = _first_steps(services, paths.collection)
    finally:
        services.close()
    return OUTCOMES[3] if report.problems or met_damage else OUTCOMES[4]


# What damage met in a step may be told as: damage, or a setting the check's Repair mends.
_DAMAGE = (StorageProblemKind.DAMAGED, StorageProblemKind.SETTING_DAMAGED)


def _first_steps(services: Services, collection: Path) -> bool:
    """A learner's first steps; whether damage stopped them (told as damage).

    Each deck's first card answered Good, then a look at each place: Progress, the quizzes
    (the one left running, the past ones' results, a new one on the weakest factors), the
    gentle mode's check-in, and Browse's table of every card with the first one's note.
    """
    try:
        for deck in services.decks.list_decks():
            card, _counts = services.study.next_card_and_counts(deck.deck_id)
            if card is not None:
                services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)
        services.progress.overview()
        services.progress.activity(Span.ALL)
        services.stats.summary()
        services.gentle.energy_today()
        services.study.saved_position()
        services.optimize.status()
        services.quiz.unfinished()
        for past in services.quiz.history():
            services.quiz.result(past.session_id)
        for deck_id, _name in services.progress.decks_with_factors():
            _start_quiz(services, QuizSetup(deck_id, weakest=True, length=5, seed=1))
        found = services.browse.find(CardQuery(), BROWSE_ROWS)
        services.browse.rows(found.card_ids)
        if found.card_ids:
            services.notes.note_of_card(found.card_ids[0])
    except Exception as error:
        problem = storage_problem(error, collection)
        if problem is None or problem.kind not in _DAMAGE:
            raise
        return True
    return False


# How QuizService.start refuses a deck left with no questions for a quiz (its _no_questions).
_NO_QUESTIONS = ("this deck has too few facts", "this deck has no questions")


def _start_quiz(services: Services, setup: QuizSetup) -> None:
    """Start a quiz; a deck left with no questions for it is refused as the screen says it."""
    try:
        services.quiz.start(setup)
    except ValueError as error:
        if isinstance(error, StoredValueError) or not str(error).startswith(_NO_QUESTIONS):
            raise


def data_files(data: Path) -> dict[str, str]:
    """The content hash of every file beside the database: media, and any staging leftovers."""
    return {
        str(path.relative_to(data)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data.rglob("*"))
        if path.is_file()
        and not path.name.startswith("collection.sqlite3")
        and path.relative_to(data).parts[0] != "backups"
    }


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
