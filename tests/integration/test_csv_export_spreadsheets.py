"""A text export named .csv is comma-separated values a spreadsheet opens as columns.

Excel and LibreOffice split a .csv at commas: the tab-separated notes Anki writes landed a
whole note in one cell. A .txt export stays Anki's tab-separated format.
"""

from __future__ import annotations

import csv
import html
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from fibrolearn.interop.values import ImportOptions
from fibrolearn.services.container import Services

# Commas, quotes, a line break, accents and a formula: what CSV quoting and encoding must carry.
FILE = (
    "#separator:tab\n#html:false\n#deck column:3\n#tags column:4\n"
    'Müdigkeit, "fog"\t"two\nlines, one note"\tWörter\tfibro,fog\n'
    "=SUM(1;2)\tnaïve – 💤\tWörter, more\t\n"
)
BOM = b"\xef\xbb\xbf"


def _notes(services: Services) -> list[tuple]:
    sql = (
        "SELECT n.kind, n.fields, n.tags, d.name FROM notes n "
        "JOIN decks d ON d.id = n.deck_id ORDER BY n.key"
    )
    with services.database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


@pytest.fixture
def exported(services: Services, tmp_path: Path) -> Path:
    source = tmp_path / "source.txt"
    source.write_text(FILE, encoding="utf-8")
    assert services.importer.run(source, ImportOptions()).added == 2
    target = tmp_path / "notes.csv"
    services.exporter.export_csv(target)
    return target


def test_a_csv_export_opens_in_columns_with_its_accents(exported: Path) -> None:
    raw = exported.read_bytes()
    assert raw.startswith(BOM + b"#separator:Comma\r\n#html:true\r\n")  # Excel: UTF-8
    with exported.open(encoding="utf-8-sig", newline="") as opened:
        rows = [row for row in csv.reader(opened) if not row[0].startswith("#")]
    by_front = {row[3]: row for row in rows}
    note = by_front['Müdigkeit, "fog"']
    # The fields are HTML, a line break too.
    assert note[1:] == [
        "Basic",
        "Wörter",
        'Müdigkeit, "fog"',
        "two<br>lines, one note",
        "fibro,fog",
    ]
    formula = by_front["&#61;SUM(1;2)"]  # still no formula to a spreadsheet
    assert formula[1:] == ["Basic", "Wörter, more", "&#61;SUM(1;2)", "naïve – 💤", ""]


def test_a_csv_export_reads_back_unchanged(
    services: Services, exported: Path, tmp_path: Path
) -> None:
    before = _notes(services)
    again = services.importer.run(exported, ImportOptions())
    assert (again.added, again.updated, again.skipped) == (0, 0, ())
    assert _notes(services) == before


def test_a_txt_export_stays_anki_s_tab_separated_notes(services: Services, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    services.exporter.export_csv(target)
    assert target.read_bytes().startswith(b"#separator:tab\n#html:true\n")


def test_anki_imports_a_csv_export(exported: Path, tmp_path: Path) -> None:
    anki_collection = pytest.importorskip("anki.collection", reason="no Anki library")
    col = anki_collection.Collection(tempfile.mkdtemp(dir=tmp_path) + "/c.anki2")
    try:
        metadata = col.get_csv_metadata(str(exported), None)
        col.import_csv(anki_collection.ImportCsvRequest(path=str(exported), metadata=metadata))
        notes = [col.get_note(i) for i in col.find_notes('"deck:Wörter*"')]
        seen = sorted(
            ([html.unescape(f) for f in n.fields], col.decks.name(n.cards()[0].did), n.tags)
            for n in notes
        )
    finally:
        col.close()
    assert seen == [
        (["=SUM(1;2)", "naïve – 💤"], "Wörter, more", []),
        (['Müdigkeit, "fog"', "two<br>lines, one note"], "Wörter", ["fibro,fog"]),
    ]
