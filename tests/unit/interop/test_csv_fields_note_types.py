"""A text file's rows that name one of the collection's note types keep every field.

Anki's "Notes in Plain Text" (and FibroLearn's own text export) write a note type column and
one column per field. A row naming a note type the collection has, with a column for each of
its fields, becomes a note of that type; any other row keeps its front and back, and text
left in columns nothing takes in is pointed out.
"""

from __future__ import annotations

from pathlib import Path

from fibrolearn.interop.csv_import import inspect_csv, plan_csv
from fibrolearn.interop.values import ImportOptions, ImportPlan, NoteTypeSpec, TemplateSpec

DRUG = NoteTypeSpec(
    key="anki-1700000000001",
    name="Drug card",
    kind="standard",
    fields=("Drug", "Class", "Mechanism", "Side effects", "Notes"),
    templates=(
        TemplateSpec(
            "Drug -> Class",
            "<div>{{Drug}}</div>{{#Notes}}Note: {{Notes}}{{/Notes}}",
            "{{FrontSide}}<hr id=answer>{{Class}}<br>{{Mechanism}}",
        ),
        TemplateSpec(
            "Mechanism -> Drug",
            "{{#Mechanism}}Which drug: {{Mechanism}}?{{/Mechanism}}",
            "{{FrontSide}}<hr id=answer>{{Drug}}",
        ),
    ),
)
ANKI_BASIC = NoteTypeSpec(
    key="anki-1700000000002",
    name="Basic",
    kind="standard",
    fields=("Front", "Back"),
    templates=(TemplateSpec("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),),
)
ANKI_CLOZE = NoteTypeSpec(
    key="anki-1700000000003",
    name="Cloze plus",
    kind="cloze",
    fields=("Text", "Source"),
    templates=(TemplateSpec("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Source}}"),),
)
# Anki's "Notes in Plain Text", as Anki writes it for notes of several note types.
HEADER = (
    "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
    "#tags column:9\n"
)
DULOXETINE = (
    "g1\tDrug card\tDrugs\tDuloxetine\tSNRI\tblocks reuptake of serotonin\tnausea\t"
    "FDA approved\tdrugs::snri\n"
)
PREGABALIN = "g2\tDrug card\tDrugs\tPregabalin\tgabapentinoid\t\tdizziness\t\tdrugs\n"


def plan(tmp_path: Path, content: str, *note_types: NoteTypeSpec) -> ImportPlan:
    path = tmp_path / "notes.txt"
    path.write_text(content, encoding="utf-8")
    return plan_csv(path, inspect_csv(path).settings, ImportOptions(), note_types)


def test_a_row_naming_a_note_type_of_the_collection_keeps_all_its_fields(
    tmp_path: Path,
) -> None:
    made = plan(tmp_path, HEADER + DULOXETINE + PREGABALIN, DRUG, ANKI_BASIC)

    duloxetine, pregabalin = made.notes
    assert (duloxetine.kind, duloxetine.note_type_key, duloxetine.guid) == (
        "template",
        DRUG.key,
        "g1",
    )
    assert duloxetine.fields == {
        "Drug": "Duloxetine",
        "Class": "SNRI",
        "Mechanism": "blocks reuptake of serotonin",
        "Side effects": "nausea",
        "Notes": "FDA approved",
    }
    assert (duloxetine.deck, duloxetine.tags) == ("Drugs", ("drugs::snri",))
    # As in Anki, a card whose question would show none of the note's text is not made.
    assert [card.ordinal for card in duloxetine.cards] == [0, 1]
    assert [card.ordinal for card in pregabalin.cards] == [0]
    assert made.note_types == (DRUG,)
    assert made.problems == () and made.skipped == ()


def test_plain_text_fields_are_kept_as_text(tmp_path: Path) -> None:
    content = HEADER.replace("#html:true", "#html:false") + DULOXETINE.replace("SNRI", "SNRI <5>")

    (note,) = plan(tmp_path, content, DRUG).notes

    assert note.fields["Class"] == "SNRI &lt;5&gt;"


def test_a_row_without_a_column_for_each_field_keeps_its_front_and_back_and_says_so(
    tmp_path: Path,
) -> None:
    content = (
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n"
        "g1\tDrug card\tDuloxetine\tSNRI\tblocks reuptake\n"
    )

    made = plan(tmp_path, content, DRUG)

    (note,) = made.notes
    assert note.kind == "basic"
    assert (note.fields["front"], note.fields["back"]) == ("Duloxetine", "SNRI")
    assert made.problems == (
        "Column 5 is set to Ignore, yet 1 row (line 5) has text there; that text was not "
        "imported. If you need it, choose what it holds in the Import window.",
    )


def test_rows_naming_a_note_type_the_collection_lacks_say_what_was_left_out(
    tmp_path: Path,
) -> None:
    made = plan(tmp_path, HEADER + DULOXETINE + PREGABALIN)

    assert [note.kind for note in made.notes] == ["basic", "basic"]
    assert made.problems == (
        "Columns 6, 7 and 8 are set to Ignore, yet 2 rows (lines 7, 8) have text there; that "
        "text was not imported. If you need it, choose what they hold in the Import window.",
    )


def test_ignored_columns_are_named_by_the_header(tmp_path: Path) -> None:
    made = plan(tmp_path, "front,back,source\nperro,dog,Collins\ngato,cat,\n")

    assert made.problems == (
        "Column 3 (source) is set to Ignore, yet 1 row (line 2) has text there; that text was "
        "not imported. If you need it, choose what it holds in the Import window.",
    )


def test_stock_names_stay_fibrolearns_own_kinds_for_plain_text(tmp_path: Path) -> None:
    content = HEADER + "g3\tBasic\tVocab\tperro\tdog\t\t\t\t\ng4\tBasic\tVocab\t<b>gato</b>\tcat\n"

    plain, formatted = plan(tmp_path, content, ANKI_BASIC).notes

    assert (plain.kind, plain.note_type_key) == ("basic", None)
    # Formatted text needs a note type: the collection's of that name, not a new one.
    assert (formatted.kind, formatted.note_type_key) == ("template", ANKI_BASIC.key)
    assert formatted.fields == {"Front": "<b>gato</b>", "Back": "cat"}


def test_a_cloze_note_type_makes_a_card_per_deletion(tmp_path: Path) -> None:
    content = (
        HEADER
        + "g5\tCloze plus\tBrain\t{{c1::Serotonin}} and {{c3::dopamine}}\tReview 2020\t\t\t\t\n"
        + "g6\tCloze plus\tBrain\tno deletion here\tReview 2021\t\t\t\t\n"
    )

    made = plan(tmp_path, content, ANKI_CLOZE)

    (note,) = made.notes
    assert [card.ordinal for card in note.cards] == [1, 3]
    assert note.fields["Source"] == "Review 2020"
    assert [(s.where, s.reason) for s in made.skipped] == [
        ("line 8", "it is a “Cloze plus” note without a cloze deletion"),
    ]


def test_of_two_note_types_of_one_name_the_one_the_row_fits_is_taken(tmp_path: Path) -> None:
    short = NoteTypeSpec("anki-9", "Drug card", "standard", ("Drug", "Class"), DRUG.templates[:1])

    (note,) = plan(tmp_path, HEADER + DULOXETINE, short, DRUG).notes

    assert note.note_type_key == DRUG.key
