"""The main window: places (Decks, Study), menus, and remembered geometry."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget

from fibrolearn.domain.clock import Clock
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession
from fibrolearn.ui.about import show_about
from fibrolearn.ui.deck_list import DeckListPage
from fibrolearn.ui.study_page import StudyPage


class MainWindow(QMainWindow):
    """Shows a loading message until the collection is open, then the deck list."""

    def __init__(self, settings: QSettings, clock: Clock, data_dir: str) -> None:
        super().__init__()
        self.setWindowTitle("FibroLearn")
        self.setMinimumSize(480, 360)
        self._settings = settings
        self._clock = clock
        self._data_dir = data_dir
        self.services: Services | None = None

        self.loading = QLabel("Opening your collection…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setWordWrap(True)
        self.loading.setAccessibleName("Status")
        self.deck_list = DeckListPage()
        self.study = StudyPage()
        self.pages = QStackedWidget()
        for page in (self.loading, self.deck_list, self.study):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)

        self.deck_list.study_requested.connect(self.start_study)
        self.study.leave_requested.connect(self.show_decks)
        self._build_menus()
        self._restore_geometry()

    # ------------------------------------------------------------------ setup
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo answer", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo_answer)
        self.undo_action.setEnabled(False)
        edit_menu.addAction(self.undo_action)

        go_menu = self.menuBar().addMenu("&Go")
        decks_action = QAction("&Decks", self)
        decks_action.setShortcut(QKeySequence("Ctrl+D"))
        decks_action.triggered.connect(self.show_decks)
        go_menu.addAction(decks_action)

        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction("&About FibroLearn", self)
        about_action.triggered.connect(lambda: show_about(self, self._data_dir))
        help_menu.addAction(about_action)

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        self.resize(900, 680)

    # ------------------------------------------------------------- lifecycle
    def collection_opened(self, services: Services) -> None:
        """The collection is ready: show the decks, or resume an interrupted session."""
        self.services = services
        self.undo_action.setEnabled(True)
        position = services.study.saved_position()
        if position is not None and self._deck_name(position.deck_id) is not None:
            self.start_study(position.deck_id, resume=True)
        else:
            self.show_decks()

    def collection_failed(self, error: Exception) -> None:
        """Opening failed: say what happened, and keep the window up to read it."""
        self.loading.setText(f"FibroLearn could not open your collection.\n\n{error}")
        QMessageBox.critical(self, "FibroLearn", str(error))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window, then release the collection."""
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.sync()
        if self.services is not None:
            self.services.close()
            self.services = None
        super().closeEvent(event)

    # ------------------------------------------------------------- navigation
    def show_decks(self) -> None:
        """Go to the deck list (leaving any study session)."""
        if self.services is None:
            return
        if self.study.session is not None:
            self.study.session.stop()
            self.study.session = None
        self.deck_list.set_decks(self.services.decks.list_decks())
        self.pages.setCurrentWidget(self.deck_list)
        self.deck_list.focus_table()

    def start_study(self, deck_id: int, *, resume: bool = False) -> None:
        """Open the study screen on a deck."""
        if self.services is None:
            return
        session = StudySession(self.services.study, self._clock, self.study, deck_id)
        self.study.attach(session, self._deck_name(deck_id) or "")
        self.pages.setCurrentWidget(self.study)
        session.start(self.services.study.saved_position() if resume else None)

    def undo_answer(self) -> None:
        """Ctrl+Z: take back the last answer, wherever the learner is."""
        if self.services is None:
            return
        if self.pages.currentWidget() is not self.study:
            deck_id = self.services.study.undo_target_deck()
            if deck_id is None:
                self.statusBar().showMessage("Nothing to undo.", 4000)
                return
            self.start_study(deck_id)
        if not self.study.undo():
            self.statusBar().showMessage("Nothing to undo.", 4000)

    def _deck_name(self, deck_id: int) -> str | None:
        assert self.services is not None
        return next(
            (d.name for d in self.services.decks.list_decks() if d.deck_id == deck_id), None
        )
