"""Help > Getting started: how to study, and what the counts, buttons and places mean.

Short and plain, for a first hour and for tired days. It names keys and menu commands; a
test checks each one against the menus, so the guide cannot drift from the app.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QWidget

from fibrolearn.ui.dialogs import run_modal
from fibrolearn.ui.shortcuts_help import help_dialog, show_shortcuts

GUIDE_HTML = """
<p>FibroLearn helps you remember what is known about the causes of fibromyalgia, a few cards
at a time. Short sessions are fine, and so are days off.</p>

<h3>Studying</h3>
<p>In <b>Decks</b> (Ctrl+1), choose a deck and press <b>Enter</b>. A card shows a question:
think of the answer, then press <b>Space</b> to see it. Then say how well you remembered it,
with one of the buttons under the card.</p>

<h3>New, Learning and Due</h3>
<p>The deck list and the study screen count today's cards in three groups:</p>
<ul>
<li><b>New</b>: cards you have not seen yet. A few start each day (20, unless you change it
in Tools ▸ Deck options).</li>
<li><b>Learning</b>: cards you met a little while ago, or forgot. They come back after a few
minutes, until they stick.</li>
<li><b>Due</b>: cards you learnt on an earlier day, back today for a review.</li>
</ul>
<p>When all three are 0, you are done for today.</p>

<h3>Again, Hard, Good and Easy</h3>
<ul>
<li><b>Again</b> (key 1): you did not remember. No harm done: the card comes back soon.</li>
<li><b>Hard</b> (2): you remembered, with effort.</li>
<li><b>Good</b> (3): you remembered. Space or Enter picks Good too.</li>
<li><b>Easy</b> (4): you knew it at once.</li>
</ul>
<p>The time on each button says when the card comes back if you choose it: <b>1m</b> is in
1 minute, <b>10m</b> in 10 minutes, <b>3h</b> in 3 hours, <b>7d</b> in 7 days, <b>2mo</b> in
2 months, <b>1y</b> in a year. The better you know a card, the longer it stays away. Pressed
the wrong one? Ctrl+Z takes it back. Two-button mode, in Edit ▸ Preferences, keeps only Again
and Good.</p>

<h3>On a low-energy day</h3>
<p>Go ▸ Gentle session (Ctrl+G) is a short session: 3, 5 or 10 cards, or 5 minutes, with no
counts of what is waiting. A rest with a card on screen does not use up the minutes: each card
counts a minute at most. Press <b>P</b> to pause at any time; the pause stays even if you
close FibroLearn. Cards you miss wait for you, and Tools ▸ Spread waiting reviews shares a big
pile out over several days.</p>

<h3>Quizzes</h3>
<p><b>Quiz</b> (Ctrl+4) asks questions made from the deck: which factor a finding is linked
to, true or false, matching, and typing a missing word. Practice mode tells you after each answer
whether you were right, test mode at the end. A quiz does not change when your cards come
back, unless you ask it to.</p>

<h3>Progress</h3>
<p><b>Progress</b> (Ctrl+5) fills as you study: today, the days you studied, and for each factor
how much you are likely to remember now and in 30 days ("Not started" until you study one of
its cards). <b>True retention</b> is the share of cards you remembered when they came due.</p>

<h3>Your cards are safe</h3>
<p>Everything stays on this computer; FibroLearn never goes online. Help ▸ About FibroLearn
shows the folder your cards are kept in. FibroLearn makes backups by itself while you use it;
File ▸ Backups (Ctrl+Shift+B) lists them and can put one back. If something seems wrong,
Tools ▸ Check collection looks for damage and says what to do. You can close FibroLearn at any
time: it opens again where you were.</p>

<p>F1 lists every keyboard shortcut.</p>
"""

_SHORTCUTS = 2  # the dialog's result when the learner asks for the keyboard shortcuts


def getting_started_dialog(parent: QWidget) -> QDialog:
    """The guide, with a button to the keyboard shortcuts (not yet shown)."""
    dialog, buttons = help_dialog(parent, "Getting started", GUIDE_HTML)
    keys = buttons.addButton("&Keyboard shortcuts", QDialogButtonBox.ButtonRole.ActionRole)
    keys.setAccessibleDescription("Every key, place by place (also F1)")
    keys.clicked.connect(lambda: dialog.done(_SHORTCUTS))
    # Enter while reading closes, as in every help window: Qt made the first button the
    # default, so Enter in the text opened the keyboard shortcuts instead.
    buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
    return dialog


def show_getting_started(window: QMainWindow) -> None:
    """Show the guide; from its button, the keyboard shortcuts in its place."""
    if run_modal(getting_started_dialog(window)) == _SHORTCUTS:
        show_shortcuts(window, window.menuBar())
