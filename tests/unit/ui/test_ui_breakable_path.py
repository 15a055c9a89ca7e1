"""Paths in wrapped text may break after each folder (on Windows too); long words anywhere."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from fibrolearn.ui.labels import breakable_path, breakable_words, whole_tip

BREAK = "\u200b"
SOFT_HYPHEN = "\u00ad"


def test_a_path_may_break_after_each_slash_or_backslash_and_reads_the_same() -> None:
    windows = r"C:\Users\Sam\AppData"
    assert breakable_path(windows) == f"C:\\{BREAK}Users\\{BREAK}Sam\\{BREAK}AppData"
    assert breakable_path("/home/sam") == f"/{BREAK}home/{BREAK}sam"
    assert breakable_path(windows).replace(BREAK, "") == windows


def test_text_without_a_path_is_left_as_it_is() -> None:
    assert breakable_path("Read-only: the disk was full.") == "Read-only: the disk was full."


def test_a_copied_path_loses_the_breaks_and_keeps_its_other_forms(qapp) -> None:
    """Found in review: mending the copy left it plain text only (a card's HTML lost)."""
    breakable_path("/home/sam")  # the app shows a path: its copies are mended from now on
    copied = QMimeData()
    copied.setHtml("<b>/home</b>")
    copied.setText(f"/{BREAK}home/{BREAK}sam")
    QApplication.clipboard().setMimeData(copied)
    mended = QApplication.clipboard().mimeData()
    assert mended.text() == "/home/sam"
    assert mended.html() == "<b>/home</b>"


def test_what_another_program_copied_is_left_alone(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found in review: every copy of every program was read, and rewritten as plain text."""
    breakable_path("/home/sam")
    monkeypatch.setattr(QGuiApplication, "platformName", lambda: "xcb")  # a shared clipboard
    clipboard = QApplication.clipboard()  # which this process does not own there
    clipboard.setText(f"/{BREAK}theirs")  # as if another program had copied it
    assert clipboard.text() == f"/{BREAK}theirs"


def test_only_a_word_too_long_for_a_line_may_break_anywhere() -> None:
    name = "Fibromyalgia" * 3
    assert breakable_words("Deck: Pathophysiology (central)") == "Deck: Pathophysiology (central)"
    assert breakable_words(f"in {name}") == f"in {SOFT_HYPHEN.join(name)}"


def _copied(text: str) -> str:
    """``text`` copied in the app, as the clipboard then holds it."""
    QApplication.clipboard().setText(text)
    return QApplication.clipboard().text()


def test_a_copy_keeps_the_soft_hyphens_of_the_text_itself(qapp) -> None:
    """Found in review: copies lost every soft hyphen, also those the text was written with."""
    own = f"Fibro{SOFT_HYPHEN}myalgia"  # short: shown as written
    name = f"Central{SOFT_HYPHEN}sensitisation{SOFT_HYPHEN}pathways"  # long: breakable
    shown = breakable_words(f"{own} and {name}")
    assert shown.count(SOFT_HYPHEN) > 3

    assert _copied(shown) == f"{own} and {name}"
    sensit, pathways = (shown.index(SOFT_HYPHEN.join(word)) for word in ("sensit", "pathways"))
    assert _copied(shown[sensit:]) == f"sensitisation{SOFT_HYPHEN}pathways"
    assert _copied(shown[:sensit]) == f"{own} and Central{SOFT_HYPHEN}"
    inside = shown[sensit + 2 : pathways]  # mid-word at both ends
    assert _copied(inside) == f"ensitisation{SOFT_HYPHEN}"
    assert _copied(f"Un{SOFT_HYPHEN}shown{SOFT_HYPHEN}elsewhere") == (
        f"Un{SOFT_HYPHEN}shown{SOFT_HYPHEN}elsewhere"
    )


def test_a_copy_keeps_a_zero_width_space_of_the_text_itself(qapp) -> None:
    own = f"either/{BREAK}or"
    shown = breakable_path("/home/sam")
    assert _copied(f"{shown} {own}") == f"/home/sam {own}"


def test_many_long_names_in_tooltips_leave_a_copy_of_a_label_mended(qapp) -> None:
    """A deck list of hundreds of long names, each with a tooltip, came after the label."""
    name = "Central" + "sensitisation" * 3
    shown = breakable_words(f"Deck: {name}")  # Card info's line, say
    for number in range(500):
        whole_tip(f"Fibromyalgia::Subdeck{number:03}")
    assert _copied(shown) == f"Deck: {name}"


def test_the_app_ends_cleanly_after_a_mended_copy(tmp_path) -> None:
    """Found by CI: a copy mended by the app crashed the process as it ended (SIGSEGV)."""
    script = tmp_path / "copy_then_quit.py"
    script.write_text(
        "from PySide6.QtWidgets import QApplication\n"
        "from fibrolearn.ui.labels import breakable_words\n"
        "app = QApplication([])\n"
        "QApplication.clipboard().setText(breakable_words('Central' + 'sensitisation' * 3))\n"
        "assert QApplication.clipboard().text() == 'Central' + 'sensitisation' * 3\n"
    )
    ended = subprocess.run(
        [sys.executable, str(script)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ended.returncode == 0, ended.stderr
