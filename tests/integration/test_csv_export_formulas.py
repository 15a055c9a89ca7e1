"""A text export opened in a spreadsheet runs no formula, and still reads back exactly."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import text

from fibrolearn.interop.values import ImportOptions
from fibrolearn.services.container import Services

# Fields, a deck and tags a spreadsheet would take for formulas; the last note is HTML.
FILE = (
    "#separator:tab\n#html:true\n#deck column:3\n#tags column:4\n"
    '=HYPERLINK("http://evil.example","Click")\tback\t=Deck\t-tag\n'
    "-5 °C\t@home\tWords\t+one\n"
    "=<b>sum</b>\t&#61;kept as written\tWords\t@t\n"
)
FORMULA_STARTS = tuple("=+-@\t\r")


def _notes(services: Services) -> list[tuple]:
    sql = (
        "SELECT n.key, n.kind, n.fields, n.tags, d.name FROM notes n "
        "JOIN decks d ON d.id = n.deck_id ORDER BY n.key"
    )
    with services.database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_exported_cells_are_no_formulas_and_read_back_unchanged(
    services: Services, tmp_path: Path
) -> None:
    source = tmp_path / "formulas.txt"
    source.write_text(FILE, encoding="utf-8")
    assert services.importer.run(source, ImportOptions()).added == 3
    before = _notes(services)
    exported = tmp_path / "notes.csv"
    report = services.exporter.export_csv(exported)

    with exported.open(encoding="utf-8-sig", newline="") as opened:  # comma-separated
        lines = [row for row in csv.reader(opened) if not row[0].startswith("#")]
    # Past the guid, which Anki reads only as it is: what a spreadsheet would run.
    cells = [cell for row in lines for cell in row[1:]]
    assert cells and not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]

    again = services.importer.run(exported, ImportOptions())
    assert (again.added, again.updated, again.unchanged) == (0, 0, report.notes)
    assert _notes(services) == before
