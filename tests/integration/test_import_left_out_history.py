"""Answers to the cards an import leaves out are kept, and the report says so.

A package may hold a card whose note is missing, or a note skipped for a reason the report
gives: its cards cannot come in, but what the learner did with them stays in the review
history without a card (for statistics), as answers to cards the package no longer has do.
"""

from __future__ import annotations

import sqlite3

from test_interop_hostile import legacy_changed

from fibrolearn.interop.values import Skipped
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions

# Answers on 1 January 2026 at noon UTC, a second apart, to the card chosen by {card}.
ANSWER = (
    "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
    " VALUES (1767268800000 + {n} * 1000, {card}, 0, 3, 1, 0, 2500, 6000, 0)"
)
FIRST_CARD = "(SELECT min(id) FROM cards)"
LAST_CARD = "(SELECT max(id) FROM cards)"
CLOZE_NOTE = "(SELECT nid FROM cards GROUP BY nid HAVING count(*) > 1)"


def rows_of(paths: AppPaths, sql: str) -> list[tuple]:
    """The rows ``sql`` reads from the collection, as another program would."""
    with sqlite3.connect(paths.collection) as connection:
        rows = connection.execute(sql).fetchall()
    connection.close()
    return rows


def test_answers_to_a_card_without_its_note_or_of_a_skipped_note_are_kept_and_named(
    services: Services, paths: AppPaths, tmp_path
) -> None:
    package = legacy_changed(
        tmp_path,
        "broken.apkg",
        *(ANSWER.format(n=n, card=FIRST_CARD) for n in range(3)),
        *(ANSWER.format(n=n, card=LAST_CARD) for n in range(3, 5)),
        f"UPDATE cards SET nid = 999 WHERE id = {FIRST_CARD}",
        f"UPDATE notes SET mid = 12345 WHERE id = {CLOZE_NOTE}",  # its cards: the last two
    )
    with sqlite3.connect(tmp_path / "collection.anki21") as connection:
        card_id, note_id, cloze_id = connection.execute(
            f"SELECT {FIRST_CARD}, (SELECT min(id) FROM notes), {CLOZE_NOTE}"
        ).fetchone()
    connection.close()

    preview = services.importer.preview(package, ImportOptions(with_history=True))
    report = services.importer.run(package, ImportOptions(with_history=True))

    assert preview.reviews == report.reviews_added == 5
    assert set(report.skipped) == {
        Skipped(f"Anki note {note_id}", "it has no cards"),  # its one card named the wrong note
        Skipped(f"Anki note {cloze_id}", "its note type 12345 is not in the package"),
        Skipped(f"Anki card {card_id}", "its note 999 is not in the package"),
    }
    assert report.problems == (
        "5 answers to cards left out are kept in the review history without a card; they "
        "count in your statistics.",
    )
    kept = rows_of(
        paths,
        "SELECT external_card, count(*) FROM reviews WHERE card_id IS NULL"
        " GROUP BY external_card ORDER BY count(*)",
    )
    assert [count for _card, count in kept] == [2, 3]
    assert f"anki:{card_id}" == kept[1][0]

    again = services.importer.run(package, ImportOptions(with_history=True))

    assert again.reviews_added == 0  # each answer once


def test_a_card_left_out_then_brought_by_a_later_import_gets_its_answers_once(
    services: Services, paths: AppPaths, tmp_path
) -> None:
    answers = [ANSWER.format(n=n, card=FIRST_CARD) for n in range(3)]
    broken = legacy_changed(
        tmp_path, "broken.apkg", *answers, f"UPDATE cards SET nid = 999 WHERE id = {FIRST_CARD}"
    )
    services.importer.run(broken, ImportOptions(with_history=True))
    mended = legacy_changed(tmp_path, "mended.apkg", *answers)

    report = services.importer.run(mended, ImportOptions(with_history=True))

    answers_per_card = rows_of(
        paths,
        "SELECT card_id IS NULL, count(*) FROM reviews WHERE rating = 3"
        " AND reviewed_at LIKE '2026-01-01%' GROUP BY card_id IS NULL",
    )
    assert answers_per_card == [(0, 3)]  # the card's own, once; none left without it
    assert report.reviews_added == 0  # they were in the history already
