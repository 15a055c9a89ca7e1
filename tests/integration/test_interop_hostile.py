"""Hand-made hostile and broken packages: each is refused with a message naming what is wrong,
and the collection (database content and media folder) is exactly as it was."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from fibrolearn.domain.decks import LONGEST_INTERVAL
from fibrolearn.interop import media_staging
from fibrolearn.interop.archive import Limits
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health
from fibrolearn.services.interop import ImportOptions, ImportService, InteropError

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
LATEST = DATA / "small-latest.apkg"
LEGACY = DATA / "small-legacy.apkg"


def fingerprint(paths: AppPaths) -> tuple[dict[str, list[tuple]], dict[str, str]]:
    """Every row of every table, and every media file's content hash."""
    with sqlite3.connect(paths.collection) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        rows = {t: sorted(connection.execute(f"SELECT * FROM {t}"), key=repr) for t in tables}
    connection.close()
    media = {}
    if paths.media_dir.exists():
        media = {
            str(p.relative_to(paths.data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(paths.data_dir.rglob("*"))
            if p.is_file() and "media" in p.relative_to(paths.data_dir).parts[0]
        }
    return rows, media


def zip_of(path: Path, members: dict[str, bytes], *, stored: bool = False) -> Path:
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def members_of(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


@pytest.fixture
def seeded(services: Services) -> Services:
    """A collection with something in it, media included, so 'unchanged' means something."""
    services.importer.run(LEGACY, ImportOptions())
    return services


def assert_refused(services: Services, paths: AppPaths, package: Path, message: str) -> None:
    before = fingerprint(paths)
    with pytest.raises(InteropError, match=message):
        services.importer.preview(package, ImportOptions())
    with pytest.raises(InteropError, match=message):
        services.importer.run(package, ImportOptions(with_history=True))
    assert fingerprint(paths) == before
    leftovers = list(paths.data_dir.glob(f"{media_staging.STAGING_PREFIX}*"))
    assert leftovers == []


def test_the_fixtures_themselves_import(seeded: Services, paths: AppPaths) -> None:
    assert (paths.media_dir / "heart.png").exists()


def test_zip_bomb_is_refused(seeded: Services, paths: AppPaths, tmp_path: Path) -> None:
    members = members_of(LEGACY)
    members["collection.anki21"] = bytes(64 << 20)  # 64 MiB of zeros deflate to ~64 KiB
    bomb = zip_of(tmp_path / "bomb.apkg", members)
    assert_refused(seeded, paths, bomb, "looks like a zip bomb")


def test_zstd_bomb_inside_the_package_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    members = members_of(LATEST)
    members["collection.anki21b"] = zstd(bytes(64 << 20))
    bomb = zip_of(tmp_path / "zstd-bomb.apkg", members)
    assert_refused(seeded, paths, bomb, "looks like a zip bomb")


def test_total_size_limit(seeded: Services, paths: AppPaths, clock, tmp_path: Path) -> None:
    small_limits = ImportService(
        seeded.database, clock, paths.media_dir, Limits(max_total_bytes=64 << 10)
    )
    members = members_of(LEGACY)
    members["0"] = bytes(100 << 10)
    package = zip_of(tmp_path / "big.apkg", members)
    before = fingerprint(paths)
    with pytest.raises(InteropError, match=r"would expand to more than 66 kB"):
        small_limits.run(package, ImportOptions())
    assert fingerprint(paths) == before


def test_file_size_limit(seeded: Services, paths: AppPaths, clock, tmp_path: Path) -> None:
    small_limits = ImportService(
        seeded.database, clock, paths.media_dir, Limits(max_file_bytes=32 << 10)
    )
    members = members_of(LEGACY)
    members["0"] = bytes(40 << 10)
    package = zip_of(tmp_path / "big-file.apkg", members)
    with pytest.raises(InteropError, match=r"more than the 33 kB allowed for one file"):
        small_limits.run(package, ImportOptions())


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/passwd", "media/../../x", "C:/windows/x", "a\\..\\b"]
)
def test_archive_member_names_that_climb_out_are_refused(
    name: str, seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    members = members_of(LEGACY)
    members[name] = b"harm"
    package = zip_of(tmp_path / "traversal.apkg", members)
    assert_refused(seeded, paths, package, "points outside its folder")


@pytest.mark.parametrize("name", ["../../.bashrc", "/tmp/owned", "sub/dir.png", ".."])
def test_media_names_with_folders_are_refused(
    name: str, seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    members = members_of(LEGACY)
    members["media"] = json.dumps({"0": name}).encode()
    package = zip_of(tmp_path / "media-traversal.apkg", members)
    assert_refused(seeded, paths, package, "media names may not hold folders")
    assert not (tmp_path.parent / ".bashrc").exists()


def test_media_names_with_folders_in_the_protobuf_map_are_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    members = members_of(LATEST)
    name = b"../../escape.png"
    entry = b"\x0a" + bytes([len(name)]) + name + b"\x10\x04"
    members["media"] = zstd(b"\x0a" + bytes([len(entry)]) + entry)
    members["0"] = zstd(b"evil")
    package = zip_of(tmp_path / "proto-traversal.apkg", members)
    assert_refused(seeded, paths, package, "media names may not hold folders")


def test_truncated_archive_is_refused(seeded: Services, paths: AppPaths, tmp_path: Path) -> None:
    data = LATEST.read_bytes()
    truncated = tmp_path / "truncated.apkg"
    truncated.write_bytes(data[: len(data) // 2])
    assert_refused(seeded, paths, truncated, "not a readable zip archive.*truncated")


def test_damaged_member_is_refused(seeded: Services, paths: AppPaths, tmp_path: Path) -> None:
    members = members_of(LEGACY)
    package = zip_of(tmp_path / "damaged.apkg", members, stored=True)
    data = bytearray(package.read_bytes())
    start = data.find(b"SQLite format 3")
    data[start + 5000 : start + 5100] = b"\xab" * 100  # change bytes inside the stored member
    package.write_bytes(bytes(data))
    assert_refused(seeded, paths, package, "cannot be read.*truncated or damaged")


@pytest.mark.parametrize(
    ("field", "refusal"),
    [  # in the central directory's entry for the collection: where a changed byte lands
        (6, "not a readable zip archive.*zip file version"),  # the version needed to extract
        (10, "cannot be read.*compression method is not supported"),  # the method
    ],
)
def test_a_zip_entry_naming_what_no_zip_tool_writes_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path, field: int, refusal: str
) -> None:
    package = zip_of(tmp_path / "odd.apkg", members_of(LEGACY))
    data = bytearray(package.read_bytes())
    entry = data.find(b"PK\x01\x02")  # the first member's entry in the central directory
    data[entry + field : entry + field + 2] = (123).to_bytes(2, "little")
    package.write_bytes(bytes(data))
    assert_refused(seeded, paths, package, refusal)


def test_a_database_without_anki_tables_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    members = members_of(LEGACY)
    members["collection.anki21"] = foreign.read_bytes()
    package = zip_of(tmp_path / "wrong-schema.apkg", members)
    assert_refused(seeded, paths, package, "not an Anki collection: it has no cards, col")


def legacy_changed(tmp_path: Path, name: str, *statements: str) -> Path:
    """The legacy fixture as the package ``name``, its collection changed by ``statements``."""
    members = members_of(LEGACY)
    collection = tmp_path / "collection.anki21"
    collection.write_bytes(members["collection.anki21"])
    with sqlite3.connect(collection) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    members["collection.anki21"] = collection.read_bytes()
    return zip_of(tmp_path / name, members)


@pytest.mark.parametrize("name", ["cut.apkg", "damaged.COLPKG"])
def test_a_file_named_as_a_package_that_is_no_zip_is_refused_not_read_as_text(
    seeded: Services, paths: AppPaths, tmp_path: Path, name: str
) -> None:
    """Found in a bug hunt: a damaged "broken.apkg" was previewed as "text file broken.apkg",
    its bytes read as rows of cards; so would a web page saved in a package's place."""
    package = tmp_path / name
    package.write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>\n")
    assert_refused(seeded, paths, package, "is not an Anki package, though named like one")


def test_an_unknown_schema_version_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    package = legacy_changed(tmp_path, "schema-99.apkg", "UPDATE col SET ver = 99")
    assert_refused(seeded, paths, package, "has schema version 99")


def test_damaged_rows_are_named(seeded: Services, paths: AppPaths, tmp_path: Path) -> None:
    first_card = "(SELECT min(id) FROM cards)"
    package = legacy_changed(
        tmp_path, "bad-row.apkg", f"UPDATE cards SET due = X'00FF' WHERE id = {first_card}"
    )
    with sqlite3.connect(tmp_path / "collection.anki21") as connection:
        (card_id,) = connection.execute(f"SELECT {first_card}").fetchone()
    connection.close()
    assert_refused(seeded, paths, package, f"Row {card_id} of the collection's cards table")


def test_a_schema_damaged_into_bytes_that_are_not_text_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    # Found by bench/fuzz.py: SQLite's message about the malformed schema quotes the damaged
    # bytes, and Python failed to decode that message instead of raising a database error.
    damaged = "CAST(X'67E4' AS TEXT)"  # "g" and a lone byte of a two-byte character
    package = legacy_changed(
        tmp_path,
        "bad-schema.apkg",
        "PRAGMA writable_schema=ON",
        f"UPDATE sqlite_master SET name = {damaged}, sql = 'CREATE TABLE ' || {damaged}"
        " WHERE name = 'graves'",
    )
    assert_refused(seeded, paths, package, "is damaged: its list of tables cannot be read")


def test_malformed_protobuf_media_map_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    members = members_of(LATEST)
    members["media"] = zstd(b"\x0a\x05\x0a\x03ab")  # an entry claiming more bytes than it has
    package = zip_of(tmp_path / "bad-proto.apkg", members)
    assert_refused(seeded, paths, package, "media list is damaged: it is not a valid")


def test_malformed_meta_is_refused(seeded: Services, paths: AppPaths, tmp_path: Path) -> None:
    members = members_of(LATEST)
    members["meta"] = b"\xff\xff\xff"
    package = zip_of(tmp_path / "bad-meta.apkg", members)
    assert_refused(seeded, paths, package, "meta file is damaged")


def test_a_newer_package_version_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    members = members_of(LATEST)
    members["meta"] = b"\x08\x07"
    package = zip_of(tmp_path / "future.apkg", members)
    assert_refused(seeded, paths, package, "newer Anki \\(package version 7\\)")


def test_invalid_zstd_is_refused(seeded: Services, paths: AppPaths, tmp_path: Path) -> None:
    members = members_of(LATEST)
    members["collection.anki21b"] = b"\x28\xb5\x2f\xfd" + b"garbage" * 10
    package = zip_of(tmp_path / "bad-zstd.apkg", members)
    assert_refused(seeded, paths, package, "not valid zstd data")


def test_broken_legacy_media_map_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    members = members_of(LEGACY)
    members["media"] = b'{"0": 5}'
    package = zip_of(tmp_path / "bad-json.apkg", members)
    assert_refused(seeded, paths, package, "must map file numbers to names")


def test_a_zip_without_a_collection_is_refused(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    package = zip_of(tmp_path / "holiday.zip", {"photo.jpg": b"\xff\xd8"})
    assert_refused(seeded, paths, package, "not an Anki package")


def test_binary_junk_is_refused(seeded: Services, paths: AppPaths, tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    assert_refused(seeded, paths, junk, "not a text file")


def test_hostile_sql_in_the_collection_cannot_run_functions(
    seeded: Services, paths: AppPaths, tmp_path: Path
) -> None:
    members = members_of(LEGACY)
    collection = tmp_path / "collection.anki21"
    collection.write_bytes(members["collection.anki21"])
    with sqlite3.connect(collection) as connection:
        connection.execute("ALTER TABLE notes RENAME TO real_notes")
        connection.execute(
            "CREATE VIEW notes AS SELECT id, guid, mid, mod, usn, tags, "
            "load_extension('/tmp/evil') AS flds, sfld, csum, flags, data FROM real_notes"
        )
    connection.close()
    members["collection.anki21"] = collection.read_bytes()
    package = zip_of(tmp_path / "evil-view.apkg", members)
    assert_refused(seeded, paths, package, "damaged")


def test_answers_at_corrupt_times_are_left_out_and_counted(
    seeded: Services, tmp_path: Path
) -> None:
    """Year 1 as an answer's time once stopped the import with Python's OverflowError."""
    insert = (
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
        " VALUES ({stamp}, (SELECT min(id) FROM cards), 0, 3, 1, 0, 2500, 6000, 0)"
    )
    package = legacy_changed(
        tmp_path,
        "old-answers.apkg",
        insert.format(stamp=-62_135_596_800_000),  # 1 January of year 1
        insert.format(stamp=-5_000),
        insert.format(stamp=1_767_268_800_000),  # 1 January 2026, noon UTC
    )
    report = seeded.importer.run(package, ImportOptions(with_history=True))
    assert report.reviews_added == 1
    assert (
        "2 answers of the review history left out: dated before 1970 or more than a day ahead, "
        "which cannot be right." in report.problems
    )


# JSON that json.loads lets other errors out of: RecursionError, and int()'s ValueError.
_DEEP_JSON = "[" * 100_000 + "]" * 100_000
_LONG_NUMBER_JSON = '{"0": ' + "9" * 5_000 + "}"


@pytest.mark.parametrize(
    ("json_text", "reason"),
    [(_DEEP_JSON, "nested in it too deeply"), (_LONG_NUMBER_JSON, "more than 4,300 digits")],
    ids=["deep", "long number"],
)
def test_json_too_deep_or_too_long_to_read_is_refused_as_damage(
    seeded: Services, paths: AppPaths, tmp_path: Path, json_text: str, reason: str
) -> None:
    package = legacy_changed(tmp_path, "conf.apkg", f"UPDATE col SET conf = '{json_text}'")
    assert_refused(seeded, paths, package, f"col.conf is damaged: .*{reason}")
    members = members_of(LEGACY)
    members["media"] = json_text.encode()
    package = zip_of(tmp_path / "media.apkg", members)
    assert_refused(seeded, paths, package, f"media list of media.apkg is damaged: .*{reason}")


@pytest.mark.parametrize("json_text", [_DEEP_JSON, _LONG_NUMBER_JSON], ids=["deep", "long number"])
def test_a_cards_memory_too_deep_or_too_long_to_read_is_estimated(
    services: Services, paths: AppPaths, tmp_path: Path, json_text: str
) -> None:
    package = legacy_changed(
        tmp_path,
        "card-data.apkg",
        f"UPDATE cards SET type = 2, queue = 2, due = 1, ivl = 3, data = '{json_text}'",
    )
    assert services.importer.run(package, ImportOptions(with_history=True)).cards_added > 0
    with sqlite3.connect(paths.collection) as connection:
        read = connection.execute("SELECT stability FROM cards WHERE stability IS NOT NULL")
        stabilities = {stability for (stability,) in read}
    connection.close()
    assert stabilities == {3.0}  # estimated from the 3-day interval, as with no memory given


@pytest.mark.parametrize(
    ("statement", "waits"),
    [
        (  # the card's own interval: its last answer is put that long before it is due
            "UPDATE cards SET type = 2, queue = 2, due = 1, ivl = 9223372036854775807, data = ''",
            "SELECT julianday(due) - julianday(last_review) FROM cards",
        ),
        (  # an answer's interval: the card is due that long after it
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES"
            " (1767268800000, (SELECT min(id) FROM cards), 0, 3, 2000000000, 0, 2500, 6000, 1)",
            "SELECT julianday(after_due) - julianday(reviewed_at) FROM reviews",
        ),
    ],
    ids=["card", "review"],
)
def test_an_interval_longer_than_python_counts_days_is_the_longest_one(
    services: Services, paths: AppPaths, tmp_path: Path, statement: str, waits: str
) -> None:
    """An interval past timedelta's 999,999,999 days once stopped the import (OverflowError)."""
    package = legacy_changed(tmp_path, "long-interval.apkg", statement)
    assert services.importer.run(package, ImportOptions(with_history=True)).cards_added > 0
    with sqlite3.connect(paths.collection) as connection:
        days = [round(wait) for (wait,) in connection.execute(waits) if wait is not None]
    connection.close()
    assert LONGEST_INTERVAL.days in days


def test_a_template_nesting_sections_thousands_deep_is_named_not_a_crash(
    services: Services, tmp_path: Path
) -> None:
    nested = "{{#Front}}" * 3_000 + "{{Front}}" + "{{/Front}}" * 3_000
    package = legacy_changed(
        tmp_path,
        "nested-template.apkg",
        "UPDATE col SET models = json_set(models, "
        f"'$.\"1795854567261\".tmpls[0].qfmt', '{nested}')",  # the Basic note type's front
    )
    report = services.importer.run(package, ImportOptions(with_history=True))
    said = [*report.problems, *(skipped.reason for skipped in report.skipped)]
    assert any("sections are nested more than 50 deep" in words for words in said)


@pytest.mark.parametrize(
    "statement",
    [  # the second card of the Basic note, the two of the Cloze note (both to one number)
        "UPDATE cards SET ord = -1 WHERE id = 1795854567436",  # as bench/fuzz.py met it
        "UPDATE cards SET ord = 7 WHERE id = 1795854567436",  # Basic has one template
        "UPDATE cards SET ord = -5 WHERE nid IN (SELECT id FROM notes WHERE mid = 1795854567265)",
        "UPDATE cards SET ord = 3 WHERE nid IN (SELECT id FROM notes WHERE mid = 1795854567265)",
    ],
    ids=["below zero", "past the templates", "below zero twice", "twice"],
)
def test_a_card_its_note_cannot_have_is_left_out_and_said(
    services: Services, paths: AppPaths, tmp_path: Path, statement: str
) -> None:
    """Written, such a card read back as damage, failed at study, or failed the whole import."""
    package = legacy_changed(tmp_path, "card-numbers.apkg", statement)
    report = services.importer.run(package, ImportOptions(with_history=True))
    said = [*report.problems, *(f"{skip.where}: {skip.reason}" for skip in report.skipped)]
    # Where, and why; a note none of whose cards can be is not said to have none (review).
    assert any(
        re.search(r"Anki note \d+.*numbered below zero, past (its|their) note type's cards", text)
        for text in said
    ), said
    assert not any("it has no cards" in text for text in said)
    assert check_health(services.database).problems == ()
    with sqlite3.connect(paths.collection) as connection:
        card_ids = [card_id for (card_id,) in connection.execute("SELECT id FROM cards")]
    connection.close()
    for card_id in card_ids:
        services.study.card(card_id)  # shows, as studying it does
