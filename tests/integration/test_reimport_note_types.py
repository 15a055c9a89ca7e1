"""Text files never strip a note of its Anki note type; naming that type, they update it whole.

QA: FibroLearn's own text export of a five-field "Drug card" note type (imported from Anki),
imported back into the collection it came from, turned those notes into basic ones with two
fields. A line of a text file now updates such a note only as a note of its own type, every
field kept, and is skipped (saying why) when it would change the type.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from fibrolearn.domain.clock import FixedClock
from fibrolearn.interop.values import (
    ImportPlan,
    ImportReport,
    NoteTypeSpec,
    PlannedCard,
    PlannedNote,
    TemplateSpec,
)
from fibrolearn.services.container import Services
from fibrolearn.services.import_tracker import Tracker
from fibrolearn.services.interop import ImportOptions
from fibrolearn.services.interop_writer import PlanWriter

DRUG = NoteTypeSpec(
    key="anki-1700000000001",
    name="Drug card",
    kind="standard",
    fields=("Drug", "Class", "Mechanism", "Side effects", "Notes"),
    templates=(
        TemplateSpec(
            "Drug -> Class", "<div>{{Drug}}</div>", "{{FrontSide}}<hr id=answer>{{Class}}"
        ),
        TemplateSpec(
            "Mechanism -> Drug",
            "{{#Mechanism}}Which drug: {{Mechanism}}?{{/Mechanism}}",
            "{{FrontSide}}<hr id=answer>{{Drug}}",
        ),
    ),
)
DULOXETINE = {
    "Drug": "Duloxetine",
    "Class": "SNRI",
    "Mechanism": "blocks reuptake of serotonin and noradrenaline",
    "Side effects": "nausea",
    "Notes": "<i>FDA approved</i>",
}
HEADER = (
    "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
    "#tags column:9\n"
)


def write_plan(services: Services, clock: FixedClock, plan: ImportPlan) -> ImportReport:
    """Write ``plan`` as an import does, in one transaction."""
    with services.database.write() as session:
        writer = PlanWriter(session, plan, now=clock.now(), tracker=Tracker(None, None))
        return writer.write()


def add_drug_notes(services: Services, clock: FixedClock) -> None:
    """Two "Drug card" notes, as importing them from an Anki package makes them."""
    notes = tuple(
        PlannedNote(
            where=f"Anki note {guid}",
            key=f"anki-{guid}",
            guid=guid,
            kind="template",
            fields=fields,
            tags=("drugs",),
            deck="Fibro::Drugs",
            note_type_key=DRUG.key,
            cards=tuple(PlannedCard(ordinal, "Fibro::Drugs") for ordinal in ordinals),
        )
        for guid, fields, ordinals in (
            ("g1", DULOXETINE, (0, 1)),
            ("g2", {**DULOXETINE, "Drug": "Pregabalin", "Mechanism": ""}, (0,)),
        )
    )
    write_plan(services, clock, ImportPlan("Anki package drugs.apkg", notes, (DRUG,)))


def stored(services: Services) -> list[tuple]:
    """Every imported note and card as stored."""
    with services.database.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT n.guid, n.kind, t.name, n.fields, c.ordinal, c.retired FROM notes n "
                    "JOIN cards c ON c.note_id = n.id "
                    "LEFT JOIN note_types t ON t.id = n.note_type_id "
                    "WHERE n.guid IS NOT NULL ORDER BY n.guid, c.ordinal"
                )
            )
        ]


def test_fibrolearns_own_text_export_reads_back_unchanged(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    add_drug_notes(services, clock)
    before = stored(services)
    exported = tmp_path / "notes.txt"
    written = services.exporter.export_csv(exported)

    report = services.importer.run(exported, ImportOptions())

    assert stored(services) == before  # no note changes type or loses a field
    assert (report.added, report.updated, report.unchanged) == (0, 0, written.notes)
    assert report.skipped == report.problems == ()


def test_ankis_plain_text_updates_and_adds_notes_of_the_collections_note_type(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    add_drug_notes(services, clock)
    path = tmp_path / "anki-notes.txt"
    path.write_text(
        HEADER + "g2\tDrug card\tFibro::Drugs\tPregabalin\tgabapentinoid\tbinds calcium channels\t"
        "dizziness\t\tdrugs\n"
        + "g3\tDrug card\tFibro::Drugs\tMilnacipran\tSNRI\t\tnausea\t\tdrugs\n",
        encoding="utf-8",
    )

    report = services.importer.run(path, ImportOptions())  # lines name the note types

    assert (report.added, report.updated, report.cards_added) == (1, 1, 2)
    rows = {(guid, ordinal): (kind, name) for guid, kind, name, _f, ordinal, _r in stored(services)}
    assert rows[("g2", 1)] == ("template", "Drug card")  # its mechanism now asks a question
    assert rows[("g3", 0)] == ("template", "Drug card")
    assert ("g3", 1) not in rows  # no mechanism: no card asking for it


def test_a_line_that_would_change_a_notes_note_type_is_skipped_saying_why(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    add_drug_notes(services, clock)
    before = stored(services)
    path = tmp_path / "basic.txt"
    path.write_text(HEADER + "g1\tBasic\tFibro::Drugs\tDuloxetine\tSNRI\t\t\t\t\n", "utf-8")

    report = services.importer.run(path, ImportOptions())

    assert stored(services) == before
    assert (report.updated, report.unchanged) == (0, 0)
    assert [(s.where, s.reason) for s in report.skipped] == [
        (
            "line 7",
            "the note it matches is a “Drug card” note, and this line would make it a “Basic” "
            "note; a text file cannot change a note's type, so that note was left as it is. To "
            "update it from a text file, the line needs “Drug card” in its note type column "
            "and a column for each of its 5 fields.",
        )
    ]


def test_a_line_that_empties_what_a_card_asks_retires_that_card(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    add_drug_notes(services, clock)  # g1 has cards 0 and 1; card 1 asks its mechanism
    path = tmp_path / "anki-notes.txt"
    path.write_text(
        HEADER + "g1\tDrug card\tFibro::Drugs\tDuloxetine\tSNRI\t\tnausea\t\tdrugs\n",
        encoding="utf-8",
    )
    report = services.importer.run(path, ImportOptions())
    assert report.updated == 1
    rows = {(guid, ordinal): retired for guid, _k, _n, _f, ordinal, retired in stored(services)}
    assert rows[("g1", 1)]  # no question left to ask: out of study, its history kept
    assert not rows[("g1", 0)]
