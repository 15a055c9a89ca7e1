"""Optimize my schedule: a fit once used can be left for the default parameters again.

Found in a bug hunt of Progress: after "Use the new fit", nothing in the app went back to the
defaults. The dialog says "Nothing changes until you accept", but what was accepted stayed
for good; the service could reset, yet no command reached it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_progress_page import JOSH, needs_josh, optimize_dialog

from fibrolearn.services.container import Services


@needs_josh
def test_a_fit_in_use_can_be_left_for_the_defaults(qtbot, services: Services, screenshot) -> None:
    services.revlog.import_csv(JOSH)
    _page, dialog = optimize_dialog(qtbot, services)
    assert dialog.defaults_button.isHidden()  # the defaults are in use: nothing to go back to
    dialog.close()

    services.optimize.apply(services.optimize.fit())  # a fit used since
    _page, dialog = optimize_dialog(qtbot, services)
    assert dialog.defaults_button.isVisible()
    screenshot(dialog, "progress-optimize-defaults-offered")
    qtbot.keyClick(dialog.defaults_button, Qt.Key.Key_Space)

    assert not services.optimize.uses_fitted_parameters()
    assert dialog.defaults_button.isHidden()
    assert dialog.verdict.text().startswith(
        "Done: your cards will now be scheduled with the default FSRS-6 parameters. "
        "Cards you have already studied keep their current due dates."
    )
    assert dialog._announcer.last == dialog.verdict.text()  # said as well as shown
    assert dialog.focusWidget() is dialog.close_button
    # What the dialog says of the parameters in use follows the change.
    assert "fitted to you earlier" not in dialog.explanation.text()
    screenshot(dialog, "progress-optimize-defaults-back")


@needs_josh
def test_starting_a_fit_puts_the_way_back_to_the_defaults_aside(qtbot, services: Services) -> None:
    """A new fit is scored against the fit in use: leaving that fit meanwhile would make the
    verdict compare with parameters no longer used."""
    services.revlog.import_csv(JOSH)
    services.optimize.apply(services.optimize.fit())
    page, dialog = optimize_dialog(qtbot, services)
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    assert dialog.defaults_button.isHidden()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert dialog.defaults_button.isHidden()
    page.tasks.wait()
