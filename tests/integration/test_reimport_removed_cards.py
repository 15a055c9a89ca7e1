"""A re-import that takes cards from a note retires them; ``fibrolearn check`` finds any left.

A note matched by guid may come back with fewer cards: a reversed note made basic, a cloze
deletion removed. Its cards the note no longer makes are retired (out of study and Browse,
their history kept) and counted in the report; a later file that makes them again brings them
back. A collection a re-import left with such cards (before this was done) fails the check,
and importing the file again repairs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from anki_packages import write_anki_package
from fibrolearn.domain.browse import CardQuery
from fibrolearn.domain.enums import Rating
from fibrolearn.interop.report import report_lines
from fibrolearn.interop.values import ImportReport
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health
from fibrolearn.services.interop import ImportOptions

HEADER = "#separator:tab\n#html:false\n#guid column:1\n#notetype column:2\n#deck column:3\n"
REVERSED = HEADER + "abc123\tBasic (and reversed card)\tVocab\tperro\tdog\n"
BASIC = HEADER + "abc123\tBasic\tVocab\tperro\tdog\n"
TWO_DELETIONS = HEADER + "clz1\tCloze\tVocab\t{{c1::Serotonin}} and {{c2::dopamine}}\textra\n"
ONE_DELETION = HEADER + "clz1\tCloze\tVocab\t{{c1::Serotonin}} and dopamine\textra\n"
SET_ASIDE_ONE = (
    "Set aside 1 card that its note no longer has; it is out of study and Browse, and its review "
    "history is kept."
)


def import_text(services: Services, path: Path, content: str) -> ImportReport:
    path.write_text(content, encoding="utf-8")
    return services.importer.run(path, ImportOptions())


def cards(services: Services, guid: str) -> dict[int, tuple[int, bool]]:
    """The note's cards by ordinal: (card id, retired)."""
    with services.database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.ordinal, c.id, c.retired FROM cards c JOIN notes n ON n.id = c.note_id "
                "WHERE n.guid = :guid ORDER BY c.ordinal"
            ),
            {"guid": guid},
        )
        return {ordinal: (card_id, bool(retired)) for ordinal, card_id, retired in rows}


def answers(services: Services, card_id: int) -> int:
    with services.database.engine.connect() as connection:
        query = text("SELECT count(*) FROM reviews WHERE card_id = :card")
        return connection.execute(query, {"card": card_id}).scalar_one()


def listed(services: Services) -> list[int]:
    """Every card Browse lists."""
    return services.browse.card_ids(CardQuery(), 0, 100_000)


def test_a_reversed_note_made_basic_retires_its_second_card_and_keeps_its_history(
    services: Services, tmp_path: Path
) -> None:
    import_text(services, tmp_path / "v1.txt", REVERSED)
    reverse_id = cards(services, "abc123")[1][0]
    shown = services.study.card(reverse_id)
    services.study.answer(reverse_id, Rating.GOOD, 1000, shown_state=shown.state)

    report = import_text(services, tmp_path / "v2.txt", BASIC)

    assert [retired for _id, retired in cards(services, "abc123").values()] == [False, True]
    assert answers(services, reverse_id) == 1
    assert reverse_id not in listed(services)
    assert report.updated == 1
    assert SET_ASIDE_ONE in report_lines(report)[-1]
    assert check_health(services.database).problems == ()


def test_a_removed_cloze_deletion_retires_its_card_and_a_later_file_brings_it_back(
    services: Services, tmp_path: Path
) -> None:
    import_text(services, tmp_path / "c1.txt", TWO_DELETIONS)
    before = cards(services, "clz1")

    removed = import_text(services, tmp_path / "c2.txt", ONE_DELETION)

    assert cards(services, "clz1") == {1: before[1], 2: (before[2][0], True)}
    assert removed.problems == (SET_ASIDE_ONE,)
    deck_id = {d.name: d.deck_id for d in services.decks.list_decks()}["Vocab"]
    shown = services.study.next_card(deck_id)
    assert shown is not None and shown.card_id == before[1][0]

    back = import_text(services, tmp_path / "c1.txt", TWO_DELETIONS)

    assert cards(services, "clz1") == before  # the same card, not a new one
    assert (back.cards_added, back.problems) == (0, ())


def test_the_same_from_anki_packages(services: Services, tmp_path: Path) -> None:
    anki = pytest.importorskip("anki.collection", reason="Anki's library is not installed")
    packages = {}
    for version, notetype in (("v1", "Basic (and reversed card)"), ("v2", "Basic")):
        col = anki.Collection(str(tmp_path / f"anki-{version}.anki2"))
        note = col.new_note(col.models.by_name(notetype))
        note["Front"], note["Back"] = "perro", "dog"
        col.add_note(note, col.decks.id("Spanish"))
        note.guid = "fixedguid1"
        col.update_note(note)
        packages[version] = tmp_path / f"shape-{version}.apkg"
        write_anki_package(col, packages[version])
        col.close()
    services.importer.run(packages["v1"], ImportOptions())

    report = services.importer.run(packages["v2"], ImportOptions())

    assert [retired for _id, retired in cards(services, "fixedguid1").values()] == [False, True]
    assert report.problems == (SET_ASIDE_ONE,)


def test_check_finds_cards_a_note_no_longer_makes_and_reimporting_repairs_them(
    services: Services, tmp_path: Path
) -> None:
    import_text(services, tmp_path / "v1.txt", REVERSED)
    with services.database.write() as session:  # as a re-import before this fix left it
        session.execute(text("UPDATE notes SET kind = 'basic' WHERE guid = 'abc123'"))

    report = check_health(services.database)

    assert not report.ok
    assert report.problems == (
        "1 card cannot be shown, because its note no longer has it (an import changed the "
        "note): card 2 of “perro” in deck “Vocab”. Studying its deck may stop at it. To take it "
        "out of study, keeping its history, import the file the note came from again with "
        "this version of FibroLearn, or delete the note in Browse.",
    )

    repaired = import_text(services, tmp_path / "v2.txt", BASIC)

    assert repaired.problems == (SET_ASIDE_ONE,)
    assert check_health(services.database).ok
