"""Theme and text size change live, everywhere, and are remembered."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest
from collection_driving import bare_window
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from ui_driving import CTRL, back_to, keys_let_go, press, press_in, settled, when_dialog_opens

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui import text_fit, window_geometry
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.app_preferences import (
    AppPreferences,
    load_preferences,
    not_kept_words,
    save_preferences,
)
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.quiz_page import QuizPage
from fibrolearn.ui.tasks import TaskRunner
from fibrolearn.ui.text_fit import screen_room
from fibrolearn.ui.theme_palettes import Theme, load_palettes

PALETTES = load_palettes()


def window_colour() -> str:
    return QApplication.palette().color(QPalette.ColorRole.Window).name()


def test_theme_and_text_size_apply_live_and_are_remembered(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    base = window.appearance.point_size
    press(qtbot, Qt.Key.Key_Return)  # a card on screen, to see it change too
    assert window_colour() == PALETTES[Theme.LIGHT].window
    seen: dict[str, object] = {}

    def change(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_Down)  # Follow the system -> Light
        press_in(qtbot, dialog, Qt.Key.Key_Down)  # -> Dark
        seen["colour while open"] = window_colour()
        press_in(qtbot, dialog, Qt.Key.Key_Tab)  # to the text size slider
        press_in(qtbot, dialog, Qt.Key.Key_End)  # 200 %
        seen["size label"] = dialog.text_size_value.text()
        seen["card font"] = window.study.browser.font().pointSizeF()
        screenshot(settled(dialog), "ui-preferences-dark-200")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, change)
    press(qtbot, Qt.Key.Key_Comma, CTRL)
    back_to(qtbot, window)
    assert seen["colour while open"] == PALETTES[Theme.DARK].window
    assert seen["size label"] == "200 %"
    assert seen["card font"] == pytest.approx(base * 2)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 2)
    assert PALETTES[Theme.DARK].base in QApplication.instance().styleSheet()
    screenshot(settled(window), "ui-study-dark-200")

    saved = load_preferences(window._settings)
    assert (saved.theme, saved.text_scale) == (Theme.DARK, 200)

    press(qtbot, Qt.Key.Key_0, CTRL)  # View > Normal text size
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    keys_let_go(qtbot, window)
    press(qtbot, Qt.Key.Key_Plus, CTRL)  # View > Bigger text
    assert window.preferences.text_scale == 110
    assert window.study.browser.font().pointSizeF() == pytest.approx(base * 1.1)
    press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert window.preferences.text_scale == 100


def test_dragging_the_text_size_applies_it_once_where_it_is_let_go(
    qtbot, make_window, services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: dragging the slider from 100 to 200 % restyled the whole app for
    each size passed, a hundred times, and the window froze for seconds; so did holding an
    arrow key on it, once for each repeat."""
    window = make_window(services)
    ini = paths.config_dir / "ui.ini"
    seen: dict[str, object] = {}

    def drag(dialog) -> None:
        applied: list[int] = []
        dialog.changed.connect(lambda preferences: applied.append(preferences.text_scale))
        slider = dialog.text_size
        slider.setSliderDown(True)  # held by the mouse
        for size in range(101, 151):
            slider.setSliderPosition(size)
        seen["shown while dragged"] = dialog.text_size_value.text()
        seen["said while dragged"] = slider.accessibleDescription()
        seen["in use while dragged"] = window.preferences.text_scale
        slider.setSliderDown(False)  # let go
        seen["applied"] = list(applied)
        slider.setFocus()
        for _ in range(3):  # held down, the key repeats: its last size applies once let go
            press_in(qtbot, dialog, Qt.Key.Key_Right)
        seen["shown by key"] = dialog.text_size_value.text()
        qtbot.waitUntil(lambda: len(applied) > 1)
        seen["by key"] = applied[1:]
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, drag)
    press(qtbot, Qt.Key.Key_Comma, CTRL)
    assert seen == {
        "shown while dragged": "150 %",
        "said while dragged": "150 percent",
        "in use while dragged": 100,
        "applied": [150],
        "shown by key": "165 %",
        "by key": [165],
    }
    assert window.preferences.text_scale == 165
    assert "text_scale=165" in ini.read_text(encoding="utf-8")
    window.apply_preferences(AppPreferences())  # the tests after this one get the defaults


def test_high_contrast_and_reduce_motion(qtbot, make_window, services: Services) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(theme=Theme.HIGH_CONTRAST, reduce_motion=True))
    assert window_colour() == PALETTES[Theme.HIGH_CONTRAST].window
    assert QApplication.cursorFlashTime() == 0
    assert not QApplication.isEffectEnabled(Qt.UIEffect.UI_AnimateMenu)
    window.apply_preferences(AppPreferences())
    assert QApplication.cursorFlashTime() > 0


def test_the_saved_preferences_are_used_at_start_without_writing_them_again(
    qtbot, paths: AppPaths, clock: FixedClock
) -> None:
    paths.config_dir.mkdir(parents=True)
    ini = paths.config_dir / "ui.ini"
    save_preferences(
        QSettings(str(ini), QSettings.Format.IniFormat),
        AppPreferences(theme=Theme.DARK, text_scale=150, two_buttons=True),
    )
    saved = (ini.read_bytes(), ini.stat().st_mtime_ns)

    window = bare_window(qtbot, paths, clock)
    try:
        assert window.preferences == AppPreferences(
            theme=Theme.DARK, text_scale=150, two_buttons=True
        )
        assert window_colour() == PALETTES[Theme.DARK].window
        assert (ini.read_bytes(), ini.stat().st_mtime_ns) == saved
    finally:
        window.apply_preferences(AppPreferences())  # the tests after this one get the defaults
    assert load_preferences(window.settings) == AppPreferences()


def test_the_saved_text_size_is_the_whole_window_s_from_its_start(
    qtbot, paths: AppPaths, clock: FixedClock, screenshot
) -> None:
    """Found in a bug hunt: started at a saved 200 %, the menus, the place tabs, the deck
    list and the status bar were drawn at Qt's own size, until the size was changed again."""
    paths.config_dir.mkdir(parents=True)
    save_preferences(
        QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat),
        AppPreferences(text_scale=200),
    )
    window = bare_window(qtbot, paths, clock)
    try:
        wanted = window.appearance.point_size
        assert QApplication.font().pointSizeF() == pytest.approx(wanted)
        for widget in (
            window.menuBar(),
            window.navigation,
            window.loading,
            window.deck_list.table,
            window.statusBar().message,
        ):
            assert widget.font().pointSizeF() == pytest.approx(wanted), widget
        screenshot(window, "ui-start-at-200")
    finally:
        window.apply_preferences(AppPreferences())  # the tests after this one get the defaults


def test_a_preference_the_settings_file_cannot_keep_is_used_and_said_to_be_unkept(
    qtbot, make_window, services: Services, paths: AppPaths, screenshot
) -> None:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Plus, CTRL)
    ini = paths.config_dir / "ui.ini"
    assert "text_scale=110" in ini.read_text(encoding="utf-8")
    ini.unlink()
    ini.mkdir()  # the file cannot be written, as on a full disk (root writes through modes)

    keys_let_go(qtbot, window)
    press(qtbot, Qt.Key.Key_Plus, CTRL)
    assert window.preferences.text_scale == 120  # in use all the same
    said = window.statusBar().currentMessage()
    assert said == f"Text size 120 %. {not_kept_words(str(ini))}"
    assert window._announcer.last == said
    label = window.statusBar().message
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    screenshot(window, "ui-preferences-not-kept")

    ini.rmdir()  # room again: the next change is kept, and said as usual
    keys_let_go(qtbot, window)
    press(qtbot, Qt.Key.Key_Plus, CTRL)
    assert window.statusBar().currentMessage() == "Text size 130 %."
    assert "text_scale=130" in ini.read_text(encoding="utf-8")


def test_large_text_cannot_be_squeezed_out_of_a_small_window(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)  # the answer side, with its four rating buttons
    normal_minimum = window.minimumSize()
    window.apply_preferences(window.preferences._replace(text_scale=200))
    window.resize(100, 100)  # as small as the window will go
    settled(window)
    assert window.minimumSize().height() > normal_minimum.height()
    screen = screen_room(window)
    assert window.minimumSize().height() < screen.height()  # fits the screen, menus and all
    study = window.study
    buttons = [study.rating_buttons[rating] for rating in Rating]
    for widget in (*buttons, study.title, study.progress_label, study.counts):
        hint = widget.minimumSizeHint()
        assert widget.width() >= hint.width() and widget.height() >= hint.height(), widget
    header = [study.title.geometry(), study.progress_label.geometry(), study.counts.geometry()]
    assert not any(a.intersects(b) for a, b in combinations(header, 2))
    tabs = window.navigation
    assert tabs.tabRect(tabs.count() - 1).right() < tabs.width()  # Progress too
    # The card actions fold into one menu button rather than take rows from the card.
    assert study.tools.folded and study.tools.height() < 2 * study.fontMetrics().lineSpacing()
    assert [a.text() for a in study.tools.menu.actions()] == [
        a.text() for a in study.card_actions.all
    ]
    screenshot(window, "ui-study-200-smallest-window")
    window.apply_preferences(window.preferences._replace(text_scale=100))
    window.resize(1000, 700)
    settled(window)
    assert not study.tools.folded  # room for the row again


def test_the_smallest_window_still_fits_a_small_screen_at_large_text(
    make_window, services: Services, monkeypatch
) -> None:
    window = make_window(services)
    window.apply_preferences(window.preferences._replace(text_scale=200))
    small = QSize(1366, 600)  # a laptop screen, less the taskbar and a scaled desktop
    monkeypatch.setattr(text_fit, "screen_room", lambda _widget: small)
    settled(window)
    assert window.centralWidget().minimumSizeHint().height() <= 400


@pytest.mark.parametrize(
    ("screen", "first"),
    [(QSize(1024, 600), QSize(960, 540)), (QSize(1920, 1040), QSize(960, 720))],
)
def test_the_window_opens_within_the_screen_the_first_time(
    qtbot, paths: AppPaths, clock: FixedClock, monkeypatch, screen: QSize, first: QSize
) -> None:
    """Found in an accessibility review: with no size remembered yet, the window opened 720
    pixels high, past the bottom of a small laptop's screen, rating buttons and all."""
    monkeypatch.setattr(window_geometry, "screen_room", lambda _widget: screen)
    window = bare_window(qtbot, paths, clock)
    assert window.size() == first  # nine tenths of the height: the title bar fits too


def test_the_quiz_question_follows_the_text_size_in_the_window(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    window.show_place("quiz")
    quiz = window.places["quiz"].widget
    assert isinstance(quiz, QuizPage)
    press(qtbot, Qt.Key.Key_Return, CTRL)  # start a quiz
    prompt = quiz.question_view.prompt
    for scale in (200, 100):
        window.apply_preferences(window.preferences._replace(text_scale=scale))
        wanted = window.appearance.point_size * 1.25
        qtbot.waitUntil(lambda wanted=wanted: prompt.font().pointSizeF() == pytest.approx(wanted))
    tasks.wait()


_STYLE_FROM_THE_START = """
import json
from PySide6.QtWidgets import QApplication
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.theme import Appearance, new_application

app = new_application(["fibrolearn", "-style", "Windows"])
at_start = app.style().name()
set_later = []
QApplication.setStyle = lambda *style: set_later.append(str(style))
Appearance(app).apply(AppPreferences())
print(json.dumps([at_start, set_later]))
"""


def printed_by_a_fresh_app(script: str) -> object:
    """What ``script`` prints as JSON, run in a fresh interpreter.

    For what an application has from its start: this one has its QApplication already,
    changed by earlier tests.
    """
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(shown.stdout)


def test_the_app_is_in_fusion_from_its_start_whatever_style_is_asked_for() -> None:
    name, set_later = printed_by_a_fresh_app(_STYLE_FROM_THE_START)
    assert name == "fusion"
    assert set_later == []  # applying the preferences leaves the style as it is


_MOTION_ON_A_QUIET_DESKTOP = """
import json
from PySide6.QtCore import Qt
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.theme import Appearance, new_application

app = new_application(["fibrolearn"])
# As a desktop leaves it that is set not to blink the cursor, and to slide menus open
# without fading them.
app.setCursorFlashTime(0)
app.setEffectEnabled(Qt.UIEffect.UI_General, True)
app.setEffectEnabled(Qt.UIEffect.UI_AnimateMenu, True)
appearance = Appearance(app)
seen = []
for reduce_motion in (False, True, False):
    appearance.apply(AppPreferences(reduce_motion=reduce_motion))
    seen.append([
        app.cursorFlashTime(),
        app.isEffectEnabled(Qt.UIEffect.UI_AnimateMenu),
        app.isEffectEnabled(Qt.UIEffect.UI_FadeMenu),
    ])
print(json.dumps(seen))
"""


def test_without_reduce_motion_the_desktops_own_motion_is_kept() -> None:
    """With Reduce motion off (the default), the cursor blinked once a second and every
    effect was on, whatever the desktop said: one set not to blink had it blink again."""
    desktop = [0, True, False]  # no blinking; menus slide but do not fade
    assert printed_by_a_fresh_app(_MOTION_ON_A_QUIET_DESKTOP) == [
        desktop,
        [0, False, False],  # Reduce motion: none at all
        desktop,
    ]


def test_a_hand_edited_theme_or_size_written_loosely_is_still_read(tmp_path: Path) -> None:
    """Found in a bug hunt: theme=Dark (capital D) and text_scale=150.0 in ui.ini fell back
    to "Follow the system" and 100 % without a word."""
    ini = tmp_path / "ui.ini"
    ini.write_text("[appearance]\ntheme=Dark\ntext_scale=150.0\n", encoding="utf-8")
    loaded = load_preferences(QSettings(str(ini), QSettings.Format.IniFormat))
    assert (loaded.theme, loaded.text_scale) == (Theme.DARK, 150)
    # Another file: Qt keeps what it read of one for the process, and may not see it rewritten
    # within the same second.
    unreadable = tmp_path / "unreadable.ini"
    unreadable.write_text("[appearance]\ntheme=purple\ntext_scale=inf\n", encoding="utf-8")
    assert load_preferences(QSettings(str(unreadable), QSettings.Format.IniFormat)) == (
        AppPreferences()
    )


@pytest.mark.parametrize("written", ["150 %", "150%"])
def test_a_hand_edited_text_size_written_as_preferences_shows_it_is_read(
    tmp_path: Path, written: str
) -> None:
    """Found in a bug hunt: text_scale=150 %, as Preferences shows the size, was not understood."""
    ini = tmp_path / "ui.ini"
    ini.write_text(f"[appearance]\ntext_scale={written}\n", encoding="utf-8")
    not_understood: list[str] = []
    loaded = load_preferences(QSettings(str(ini), QSettings.Format.IniFormat), not_understood)
    assert (loaded.text_scale, not_understood) == (150, [])


@pytest.mark.parametrize("opened", [True, False])
def test_a_preference_not_understood_is_heard_and_stays_shown_if_the_collection_fails(
    qtbot,
    paths: AppPaths,
    clock: FixedClock,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    opened: bool,
) -> None:
    """Found in a bug hunt: the status bar said so at start, but a screen reader heard nothing,
    and the message was cleared when the collection then failed to open."""
    paths.config_dir.mkdir(parents=True)
    (paths.config_dir / "ui.ini").write_text("[appearance]\ntheme=purple\n", encoding="utf-8")
    heard: list[str] = []
    announce = Announcer.announce
    monkeypatch.setattr(
        Announcer, "announce", lambda a, text: (heard.append(text), announce(a, text))
    )
    window = bare_window(qtbot, paths, clock)
    said = window.statusBar().currentMessage()
    assert said.startswith("FibroLearn did not understand appearance/theme = purple")
    if opened:
        window.collection_opened(services)
    else:
        when_dialog_opens(qtbot, lambda dialog: dialog.reject())
        window.collection_failed(OSError("disk on fire"))
    assert window.statusBar().currentMessage() == said
    assert [text for text in heard if said in text] != []
    heard.clear()
    window.collection_opened(services)  # opened again (Try again, a restore): said once only
    assert not [text for text in heard if said in text]
    window.apply_preferences(AppPreferences())  # written as read: nothing left to say
    assert window.statusBar().currentMessage() == ""


def test_a_hand_edited_preference_not_understood_is_said_and_the_rest_is_used(
    qtbot, paths: AppPaths, clock: FixedClock, screenshot
) -> None:
    """Found in a bug hunt: theme=purple or two_buttons=maybe in ui.ini fell back to the usual
    setting without a word, so the learner's edit seemed to do nothing."""
    paths.config_dir.mkdir(parents=True)
    ini = paths.config_dir / "ui.ini"
    ini.write_text(
        "[appearance]\ntheme=purple\ntext_scale=150\nreduce_motion=on\n"
        "[study]\ntwo_buttons=maybe\n",
        encoding="utf-8",
    )
    window = bare_window(qtbot, paths, clock)
    try:
        assert window.preferences == AppPreferences(text_scale=150, reduce_motion=True)
        said = window.statusBar().currentMessage()
        assert said.startswith(
            "FibroLearn did not understand appearance/theme = purple; study/two_buttons = maybe "
            f"in its preferences file {window.settings.fileName()}"
        )
        assert "Edit ▸ Preferences" in said
        screenshot(window, "ui-preferences-not-understood")
    finally:
        window.apply_preferences(AppPreferences())  # the tests after this one get the defaults
    assert "theme=system" in ini.read_text(encoding="utf-8")  # written as it is read
