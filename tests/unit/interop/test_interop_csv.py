"""Reading delimited text: delimiter, header, mapping and HTML detection, row by row."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from fibrolearn.interop.csv_import import inspect_csv, plan_csv
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.values import ColumnRole, CsvSettings, ImportOptions

FRONT_BACK = (ColumnRole.FRONT, ColumnRole.BACK)


def text_file(tmp_path: Path, content: str | bytes, name: str = "cards.txt") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        ("a\tb\nc\td\n", "\t"),
        ("a,b\nc,d\n", ","),
        ("a;b\nc;d\n", ";"),
        ("a|b\nc|d\n", "|"),
        ('"x, y";b\nc;d\n', ";"),  # a comma inside a quoted field does not fool it
        ("a, b\tc\nd, e\tf\n", "\t"),  # commas in text, tabs between fields
    ],
)
def test_delimiter_detection(tmp_path: Path, content: str, delimiter: str) -> None:
    assert inspect_csv(text_file(tmp_path, content)).settings.delimiter == delimiter


def test_header_is_recognised_by_its_words(tmp_path: Path) -> None:
    layout = inspect_csv(text_file(tmp_path, "Term,Definition,Tags\nperro,dog,es\n"))
    assert layout.settings.has_header
    assert layout.header == ("Term", "Definition", "Tags")
    assert layout.settings.columns == (ColumnRole.FRONT, ColumnRole.BACK, ColumnRole.TAGS)
    assert layout.sample == (("perro", "dog", "es"),)


@pytest.mark.parametrize(
    "header",
    [
        "Frage;Antwort",
        "Pregunta;Respuesta",
        "Question;Réponse",
        "Vorderseite;Rückseite",
        "Domanda;Risposta",
        "Vraag;Antwoord",
        "Pytanie;Odpowiedź",
        unicodedata.normalize("NFD", "Question;Réponse"),  # an accent as macOS writes it
    ],
)
def test_a_header_row_in_another_language_names_the_columns(tmp_path: Path, header: str) -> None:
    layout = inspect_csv(text_file(tmp_path, f"{header}\nMüdigkeit;fatigue\nSchmerz;pain\n"))
    assert layout.settings.has_header
    assert layout.settings.columns == FRONT_BACK
    assert layout.sample == (("Müdigkeit", "fatigue"), ("Schmerz", "pain"))


@pytest.mark.parametrize("first", ["palabra;word", "Frage;question", "Antwort;answer"])
def test_a_card_of_two_words_for_one_column_is_not_a_header(tmp_path: Path, first: str) -> None:
    # A vocabulary deck's card: both words are names of the front (or of the back).
    layout = inspect_csv(text_file(tmp_path, f"{first}\nsol;sun\n"))
    assert not layout.settings.has_header
    assert layout.sample[0] == tuple(first.split(";"))


def test_data_that_only_looks_wordy_is_not_a_header(tmp_path: Path) -> None:
    layout = inspect_csv(text_file(tmp_path, "sun,sol\nmoon,luna\n"))
    assert not layout.settings.has_header
    assert layout.settings.columns == FRONT_BACK


def test_anki_plain_text_header_lines(tmp_path: Path) -> None:
    content = (
        "#separator:Semicolon\n#html:false\n#deck column:1\n#tags column:4\n"
        "Lang::ES;hola;hello;greeting\n"
    )
    layout = inspect_csv(text_file(tmp_path, content))
    assert layout.settings.delimiter == ";"
    assert not layout.settings.html
    assert layout.settings.columns == (
        ColumnRole.DECK,
        ColumnRole.FRONT,
        ColumnRole.BACK,
        ColumnRole.TAGS,
    )
    plan = plan_csv(text_file(tmp_path, content), layout.settings, ImportOptions())
    (note,) = plan.notes
    assert (note.deck, note.fields["front"], note.tags, note.where) == (
        "Lang::ES",
        "hola",
        ("greeting",),
        "line 5",
    )


def test_a_first_row_that_only_looks_like_a_header_line_is_a_card(tmp_path: Path) -> None:
    # It was taken for one of Anki's header lines, and the card was lost without a word.
    path = text_file(tmp_path, "#tip: pace yourself\tRest before you are tired\nfog\tslow\n")
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert [(n.where, n.fields["front"]) for n in plan.notes] == [
        ("line 1", "#tip: pace yourself"),
        ("line 2", "fog"),
    ]


@pytest.mark.parametrize("first_line", ["sep=;", '"sep=;"'])
def test_excels_line_naming_the_delimiter_is_no_card(tmp_path: Path, first_line: str) -> None:
    # Its header row was imported as a card, and the line itself skipped as one without back.
    path = text_file(tmp_path, f"{first_line}\r\nFront;Back\r\nfog;slow, heavy\r\n")
    layout = inspect_csv(path)
    assert (layout.settings.delimiter, layout.settings.has_header) == (";", True)
    plan = plan_csv(path, layout.settings, ImportOptions())
    assert [(n.where, n.fields["front"], n.fields["back"]) for n in plan.notes] == [
        ("line 3", "fog", "slow, heavy")
    ]
    assert plan.skipped == () and plan.problems == ()


def test_quizlet_quotes_are_text_not_csv_quoting(tmp_path: Path) -> None:
    path = text_file(tmp_path, 'say "hi\tto say "hola\n')
    layout = inspect_csv(path)
    plan = plan_csv(path, layout.settings, ImportOptions())
    assert plan.notes[0].fields["front"] == 'say "hi'
    assert plan.notes[0].fields["back"] == 'to say "hola'


def test_quoted_fields_may_hold_newlines(tmp_path: Path) -> None:
    path = text_file(tmp_path, 'front,back\n"two\nlines",x\nnext,y\n', name="x.csv")
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert [n.fields["front"] for n in plan.notes] == ["two\nlines", "next"]
    assert [n.where for n in plan.notes] == ["line 3", "line 4"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_spreadsheets_tab_separated_quoting_is_read_as_quoting(
    tmp_path: Path, newline: str
) -> None:
    # LibreOffice and Excel quote a cell that holds a line break or a quote.
    rows = ["front\tback", '"two\n""lines"""\tplain', "a\tb"]
    path = text_file(tmp_path, newline.join(rows) + newline)
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    fronts_and_backs = [(n.fields["front"], n.fields["back"]) for n in plan.notes]
    assert fronts_and_backs == [('two\n"lines"', "plain"), ("a", "b")]
    rows = ["front\tback", 'a\t"say ""hi"""', 'b\t"x"']
    path = text_file(tmp_path, newline.join(rows) + newline)
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert [n.fields["back"] for n in plan.notes] == ['say "hi"', "x"]


def test_quizlet_quotes_stay_text_on_windows_line_ends(tmp_path: Path) -> None:
    path = text_file(tmp_path, 'say "hi\tto say "hola\r\n"so"-called\tx\r\n')
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert [n.fields["front"] for n in plan.notes] == ['say "hi', '"so"-called']


def test_html_detection_and_plain_text_escaping(tmp_path: Path) -> None:
    path = text_file(tmp_path, "<b>a</b>\tb<br>c\n")
    layout = inspect_csv(path)
    assert layout.settings.html
    as_html = plan_csv(path, layout.settings, ImportOptions()).notes[0]
    assert as_html.kind == "template"
    assert as_html.fields == {"Front": "<b>a</b>", "Back": "b<br>c"}
    plain_settings = CsvSettings("\t", False, False, FRONT_BACK)
    as_text = plan_csv(path, plain_settings, ImportOptions()).notes[0]
    assert as_text.kind == "basic"
    assert as_text.fields["front"] == "<b>a</b>"  # plain text: shown literally, escaped


def test_html_that_is_only_line_breaks_becomes_plain_text(tmp_path: Path) -> None:
    path = text_file(tmp_path, "a<br>b\tc &amp; d\n")
    settings = CsvSettings("\t", False, True, FRONT_BACK)
    note = plan_csv(path, settings, ImportOptions()).notes[0]
    assert note.kind == "basic"
    assert (note.fields["front"], note.fields["back"]) == ("a\nb", "c & d")


def test_cloze_rows_and_skipped_rows(tmp_path: Path) -> None:
    path = text_file(
        tmp_path, "{{c1::a}} {{c2::b}}\t\n\tno front\nno back\t\nok\tfine\nok\tagain\n"
    )
    plan = plan_csv(path, CsvSettings("\t", False, False, FRONT_BACK), ImportOptions(deck="D"))
    assert [(n.kind, [c.ordinal for c in n.cards]) for n in plan.notes] == [
        ("cloze", [1, 2]),
        ("basic", [0]),
    ]
    assert [(s.where, s.reason) for s in plan.skipped] == [
        ("line 2", "the front is empty"),
        ("line 3", "the back is empty"),
        ("line 5", "it repeats the note on line 4"),
    ]


def test_utf16_and_bom(tmp_path: Path) -> None:
    utf16 = text_file(tmp_path, "é\tè\n".encode("utf-16"), name="u16.txt")
    assert inspect_csv(utf16).sample == (("é", "è"),)
    for utf32 in ("utf-32-le", "utf-32-be"):  # its mark is not read as UTF-16's
        path = text_file(tmp_path, "\ufeffé\tè\n".encode(utf32), name="u32.txt")
        assert (inspect_csv(path).encoding, inspect_csv(path).sample) == ("UTF-32", (("é", "è"),))
    bom = text_file(tmp_path, "\ufeffé\tè\n".encode(), name="bom.txt")
    layout = inspect_csv(bom)
    assert (layout.encoding, layout.sample) == ("UTF-8", (("é", "è"),))


def test_empty_and_binary_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="holds no rows"):
        inspect_csv(text_file(tmp_path, "\n\n"))
    with pytest.raises(InteropError, match="not a text file"):
        inspect_csv(text_file(tmp_path, b"\x00\x01\x02", name="bin.txt"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_nul_past_the_part_looked_at_for_binary_data_is_refused_by_line(
    tmp_path: Path, encoding: str
) -> None:
    """It was imported into the note as it was: only the first 64 KB were looked at."""
    rows = "".join(f"front {n},back {n}\n" for n in range(5000))  # about 100 KB
    content = (rows + "front\x00,back\n").encode(encoding)
    with pytest.raises(InteropError, match="holds a NUL character on line 5,001"):
        inspect_csv(text_file(tmp_path, content, name="nul.csv"))


def test_an_overlong_field_is_named_by_line(tmp_path: Path) -> None:
    path = text_file(tmp_path, 'a,b\n"' + "x" * 200_000 + '",y\n', name="long.csv")
    with pytest.raises(InteropError, match="Line 2 cannot be read"):
        plan_csv(path, CsvSettings(",", False, False, FRONT_BACK), ImportOptions())


@pytest.mark.parametrize(
    "content",
    [
        "x" * 200_000 + "\tb\n",  # one long line, as a pasted web page makes
        "a,b\n" + '"' * 300_000 + ",b\n",  # quotes enough for a field too long
    ],
    ids=["long-line", "quotes"],
)
def test_a_field_too_long_to_guess_the_delimiter_from_is_named_by_line(
    tmp_path: Path, content: str
) -> None:
    path = text_file(tmp_path, content, name="long.txt")
    line = content.count("\n")
    message = f"^Line {line} cannot be read: a field on it is longer than 131,072 characters"
    with pytest.raises(InteropError, match=message):
        inspect_csv(path)


def test_a_stray_quote_in_long_rows_still_shows_the_delimiter_and_is_named(
    tmp_path: Path,
) -> None:
    """Found in review: rows of 1,500 characters swallowed by an unclosed quote made one
    field past the csv module's limit, so no reading counted, and the file was taken for
    tab-separated (one column) without a word about the quote."""
    rows = [f"question {n} {'x' * 1500};answer {n}\n" for n in range(100)]
    rows[1] = '"' + rows[1]  # line 2: the quote is never closed
    path = text_file(tmp_path, "".join(rows), name="long-rows.csv")
    with pytest.raises(InteropError, match=r'^Line 2 opens a quote \("\) that is not closed'):
        inspect_csv(path)


def rows_of(count: int) -> list[str]:
    return [f"q{n},a{n}\n" for n in range(1, count + 1)]


def test_a_stray_quote_that_swallows_the_rest_of_the_file_is_refused(tmp_path: Path) -> None:
    lines = ["front,back\n", *rows_of(100)]
    lines[5] = '"Substance P, a neuropeptide,a5\n'  # line 6: the quote is never closed
    path = text_file(tmp_path, "".join(lines), name="quote-mid.csv")
    message = (
        r'Line 6 opens a quote \("\) that is not closed before the end of the file, so lines 6–101'
    )
    with pytest.raises(InteropError, match=message):
        inspect_csv(path)
    with pytest.raises(InteropError, match=message):
        plan_csv(path, CsvSettings(",", True, False, FRONT_BACK), ImportOptions())


def test_a_stray_quote_on_the_first_row_still_finds_the_comma(tmp_path: Path) -> None:
    path = text_file(tmp_path, 'front,back\n"unclosed quote,back1\nq2,a2\n', name="bad.csv")
    with pytest.raises(InteropError, match=r"Line 2 opens a quote .* lines 2–3 would be read"):
        inspect_csv(path)


def test_a_stray_quote_closed_by_a_later_field_is_refused(tmp_path: Path) -> None:
    lines = ["front,back\n", *rows_of(200)]
    lines[150] = '"stray,a150\n'  # past the rows the first look reads
    lines[170] = 'q170,"a170"\n'  # its quote pairs with the stray one
    path = text_file(tmp_path, "".join(lines), name="late.csv")
    settings = inspect_csv(path).settings
    with pytest.raises(InteropError, match=r"Line 151 opens a quote .* before line 171"):
        plan_csv(path, settings, ImportOptions())


def test_a_quoted_field_of_many_row_like_lines_is_pointed_out(tmp_path: Path) -> None:
    lines = ["front,back\n", *rows_of(20)]
    lines[5] = '"stray,a5\n'
    lines[9] = 'q9,size 9"\n'  # a quote that closes the stray one cleanly
    path = text_file(tmp_path, "".join(lines), name="clean-close.csv")
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert plan.problems == (
        "Lines 6–10 were read as one quoted field, yet the lines in it look like rows of "
        "their own. If a closing quote is missing on line 6, those rows were not imported "
        "as cards.",
    )


def test_quoted_fields_of_many_lines_still_import(tmp_path: Path) -> None:
    poem = "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you"
    content = f'front,back\n"{poem}",poem\n"one\n\ntwo",x\nnext,"a, b\nc, d"\n'
    path = text_file(tmp_path, content, name="multi.csv")
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert [n.fields["front"] for n in plan.notes] == [poem, "one\n\ntwo", "next"]
    assert plan.notes[2].fields["back"] == "a, b\nc, d"
    assert plan.problems == ()


def test_a_binary_file_named_like_a_package_says_it_is_neither(tmp_path: Path) -> None:
    png = text_file(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="deck.apkg")
    with pytest.raises(InteropError, match=r"not an Anki package \(not a zip archive\)"):
        inspect_csv(png)


def test_a_header_row_alone_is_refused_with_that_reason(tmp_path: Path) -> None:
    path = text_file(tmp_path, "front,back\n", name="header-only.csv")
    layout = inspect_csv(path)
    with pytest.raises(InteropError, match=r"holds only a header row \(front, back\)"):
        plan_csv(path, layout.settings, ImportOptions())


def test_values_past_the_columns_are_reported(tmp_path: Path) -> None:
    content = "front,back,tags\nq1,a1,t1\nq3,a3,t3,extra,more\nq4,a4,,,\nq5,a5,t5,x\n"
    path = text_file(tmp_path, content, name="ragged.csv")
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert len(plan.notes) == 4
    assert plan.problems == (
        "2 rows (lines 3, 5) have more values than the 3 columns of the header; "
        "the values after column 3 were left out.",
    )


def test_a_first_row_of_unknown_column_names_is_pointed_out(tmp_path: Path) -> None:
    path = text_file(tmp_path, "name,age,city\nAlice,30,Paris\nBob,41,Berlin\n", name="w.csv")
    layout = inspect_csv(path)
    assert not layout.settings.has_header
    plan = plan_csv(path, layout.settings, ImportOptions())
    assert plan.problems == (
        "Column 3 is set to Ignore, yet 3 rows (lines 1, 2, 3) have text there; that text was "
        "not imported. If you need it, choose what it holds in the Import window.",
        "Line 1 (name, age, city) looks like column names, yet it becomes a card. If it names "
        "the columns, tick “First row holds column names” in the Import window.",
    )
    data = text_file(tmp_path, "sun,sol\nmoon,luna\n6 x 7,42\n", name="d.csv")
    assert plan_csv(data, inspect_csv(data).settings, ImportOptions()).problems == ()


def test_a_stray_quote_in_a_long_file_is_named_though_the_reader_gives_up(tmp_path: Path) -> None:
    lines = ["front,back\n", *(f"question {n},answer {n}\n" for n in range(1, 20_001))]
    lines[5] = '"stray,a5\n'  # swallows more than the csv module takes in one field
    path = text_file(tmp_path, "".join(lines), name="long.csv")
    with pytest.raises(InteropError, match=r"^Line 6 opens a quote .* so lines 6–5,"):
        inspect_csv(path)


def test_answers_of_several_lines_in_most_rows_keep_the_comma(tmp_path: Path) -> None:
    """Spreadsheets export list answers as quoted fields of several lines."""
    rows = "".join(f'Question {i},"Step one\nStep two\nStep three"\n' for i in range(10))
    path = tmp_path / "steps.csv"
    path.write_text("Front,Back\n" + rows)
    settings = inspect_csv(path).settings
    assert settings.delimiter == ","
    plan = plan_csv(path, settings, ImportOptions())
    assert len(plan.notes) == 10 and not plan.skipped


def test_a_space_after_a_closing_quote_is_no_stray_quote(tmp_path: Path) -> None:
    path = tmp_path / "spaced.csv"
    path.write_text('front,back\nQ1,"a\nb" \nQ2,A2\n')
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert [n.fields["back"] for n in plan.notes] == ["a\nb", "A2"]


def test_a_note_type_column_naming_a_reversed_type_makes_a_card_each_way(tmp_path: Path) -> None:
    path = text_file(
        tmp_path,
        "#separator:tab\n#notetype column:1\n"
        "Basic (and reversed card)\tfibro fog\ttrouble thinking\nBasic\tfront\tback\n",
    )
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    kinds = [(n.kind, [c.ordinal for c in n.cards]) for n in plan.notes]
    assert kinds == [("reversed", [0, 1]), ("basic", [0])]
