"""The main window's places, and going from one to another.

A place is a page with a title, a tab in the navigation bar, an entry in the Go menu and a
Ctrl+number shortcut. Adding one is one call of ``window.add_place``; a page that needs the
open collection is added when the window's ``collection_ready`` signal brings the services
(before the first place is shown), e.g.::

    window.collection_ready.connect(
        lambda services: window.add_place("quiz", "&Quiz", QuizPage(services), "Ctrl+4")
    )

A page that takes long to build can be given as a function that builds it instead: its tab,
Go menu entry and shortcut are there at once, and the page is built when first needed or,
before that, on a turn of the event loop of its own, so that a window opening its collection
is not held up by several such pages in one go.

Numbers: Decks 1, Study 2, Browse 3, Quiz 4, Progress 5.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QTabBar, QWidget

if TYPE_CHECKING:
    from fibrolearn.ui.main_window import MainWindow

# A page still to build waits this long, so that work queued for the same moment (such as
# what the window does as its collection opens) runs first, in a turn of its own.
BUILD_AFTER_MS = 10


@dataclass(eq=False, slots=True)
class Place:
    """A page of the main window and the ways to reach it.

    A page given as ``build`` is made by the first use of :attr:`widget` (a visit, or the
    switcher building it on a turn of its own).
    """

    key: str
    title: str
    action: QAction
    on_enter: Callable[[], None] | None
    _pages: QStackedWidget
    _page: QWidget | None = None
    _build: Callable[[], QWidget] | None = None

    @property
    def built(self) -> bool:
        """Whether the page exists yet."""
        return self._page is not None

    @property
    def widget(self) -> QWidget:
        """The page, built now if it was not yet."""
        return self.build()

    def build(self) -> QWidget:
        """Build the page unless it exists; the page."""
        if self._page is None:
            assert self._build is not None, "a place has its page or a way to build it"
            self._page = self._build()
            self._pages.addWidget(self._page)
        return self._page


class PlaceSwitcher:
    """Keeps the window's places: their pages in a stack, their tabs in the navigation bar.

    The window lays out ``navigation`` and ``pages``; a place is reached only once the
    collection is open.
    """

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.places: dict[str, Place] = {}
        self.navigation = QTabBar()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Places")
        self.navigation.setDrawBase(False)
        self.navigation.setExpanding(False)
        # Every place stays in sight: the window cannot get narrower than its tabs.
        self.navigation.setUsesScrollButtons(False)
        self.navigation.currentChanged.connect(self._navigation_clicked)
        self.pages = QStackedWidget()
        # Builds one page still to build per turn of the event loop, while the collection is open.
        self._building = QTimer(self.pages)
        self._building.setSingleShot(True)
        self._building.timeout.connect(self._build_next)
        self._enabled = False  # the places can be reached: the collection is open

    def add(
        self,
        key: str,
        title: str,
        page: QWidget | Callable[[], QWidget],
        shortcut: str | None = None,
        on_enter: Callable[[], None] | None = None,
    ) -> QAction:
        """Add a place: a page, its navigation tab, its Go menu entry and shortcut.

        Args:
            key: Stable name, e.g. "browse".
            title: Shown in the navigation bar and the Go menu; "&" marks the mnemonic.
            page: The page, or a function that builds it: then it is built when first needed
                (shown, or asked for as the place's ``widget``), or else soon, on a turn of
                the event loop of its own, once the collection is open.
            shortcut: e.g. "Ctrl+3".
            on_enter: Called each time the place is shown (to refresh it, or to set focus).

        Returns:
            The Go menu action (enabled once the collection is open).
        """
        if isinstance(page, QWidget):
            return self._add(key, title, shortcut, on_enter, page=page)
        action = self._add(key, title, shortcut, on_enter, build=page)
        self._build_soon()
        return action

    def _add(
        self,
        key: str,
        title: str,
        shortcut: str | None,
        on_enter: Callable[[], None] | None,
        *,
        page: QWidget | None = None,
        build: Callable[[], QWidget] | None = None,
    ) -> QAction:
        if key in self.places:
            raise ValueError(f"there is already a place called {key!r}")
        window = self._window
        action = QAction(title, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: self.show(key))
        action.setEnabled(window.services is not None)
        window.menus.go.insertAction(window.menus.go_places_end, action)
        if page is not None:
            self.pages.addWidget(page)
        self.places[key] = Place(key, title, action, on_enter, self.pages, page, build)
        blocked = self.navigation.blockSignals(True)
        index = self.navigation.addTab(title.replace("&", ""))
        self.navigation.setTabToolTip(index, f"{title.replace('&', '')} ({shortcut})")
        self.navigation.setTabData(index, key)
        self.navigation.blockSignals(blocked)
        return action

    def show(self, key: str) -> None:
        """Go to a place (runs its ``on_enter``)."""
        window = self._window
        if window.services is None:
            return
        place = self.places[key]
        self.turn_to(key)
        window.setWindowTitle(f"{place.title.replace('&', '')} · FibroLearn")
        if place.on_enter is not None:
            place.on_enter()
        window.place_changed.emit(key)

    def turn_to(self, key: str) -> None:
        """Put a place's page on screen and select its tab, without entering it."""
        self.pages.setCurrentWidget(self.places[key].widget)
        blocked = self.navigation.blockSignals(True)
        for index in range(self.navigation.count()):
            if self.navigation.tabData(index) == key:
                self.navigation.setCurrentIndex(index)
        self.navigation.blockSignals(blocked)

    def current(self) -> str | None:
        """The key of the place on screen (None while loading)."""
        current = self.pages.currentWidget()
        built = (p for p in self.places.values() if p.built)
        return next((p.key for p in built if p.widget is current), None)

    def set_enabled(self, enabled: bool) -> None:
        """Let the learner reach the places, by menu, shortcut and tab, or not."""
        for place in self.places.values():
            place.action.setEnabled(enabled)
        self.navigation.setEnabled(enabled)
        self._enabled = enabled
        if enabled:
            self._build_soon()
        else:  # the collection is closed or being replaced
            self._building.stop()

    def _build_soon(self) -> None:
        if self._can_build() and not self._building.isActive():
            self._building.start(BUILD_AFTER_MS)

    def _can_build(self) -> bool:
        """Whether a collection is open: not being replaced, nor closed with the window."""
        return self._enabled and self._window.services is not None

    def _build_next(self) -> None:
        """Build one page still to build.

        One that fails is left to its first visit, which shows the error; the others then
        wait for theirs too.
        """
        unbuilt = [place for place in self.places.values() if not place.built]
        if not self._can_build() or not unbuilt:
            return
        unbuilt[0].build()
        if len(unbuilt) > 1:
            self._building.start(BUILD_AFTER_MS)

    def _navigation_clicked(self, index: int) -> None:
        key = self.navigation.tabData(index)
        if key is None or key == self.current():
            return
        choosing = self.navigation.hasFocus()  # with the arrow keys, on the focused bar
        self.show(key)
        if choosing:
            # The focus stays on the bar, as in any list of tabs, for the next arrow: entering
            # a place moved it into the page (Study's Show answer), so Right went no further
            # than Study and a screen reader left the tabs at the first arrow.
            self.navigation.setFocus(Qt.FocusReason.OtherFocusReason)
