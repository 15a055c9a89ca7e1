"""The notice over a collection opened read-only: why, and a button to try writing again.

Freeing space on a full disk, or making the folder or file writable, lets the collection be
saved again; **Try again** opens it anew (``CollectionKeeper.reopen_for_changes``) instead of
the learner having to close and start FibroLearn.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.ui.labels import breakable_path

TRY_AGAIN = "Tr&y again"


def read_only_words(because: StorageProblemKind, data_dir: Path | str) -> str:
    """Why the collection in ``data_dir`` is read-only, and what lets it be saved again."""
    if because is StorageProblemKind.DISK_FULL:
        return (
            "Read-only: the disk was full when FibroLearn opened your collection. You can "
            "read your cards, but answers and changes cannot be saved until you free some "
            "space and choose Try again."
        )
    if because is StorageProblemKind.FILE_READ_ONLY:
        return (
            f"Read-only: FibroLearn cannot write to your collection file in {data_dir} (it is "
            "read-only, or belongs to another account). You can read your cards, but answers "
            "and changes cannot be saved until it is writable and you choose Try again."
        )
    return (
        f"Read-only: FibroLearn cannot write to {data_dir}. You can read your cards, but "
        "answers and changes cannot be saved until the folder is writable and you choose "
        "Try again."
    )


class ReadOnlyNotice(QFrame):
    """Shown over every place while the collection is read-only; hidden otherwise.

    Made with the window, before its places, so that Tab reaches Try again first, as the
    notice is seen first.
    """

    try_again = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("readOnlyNotice")
        self.setAccessibleName("Read-only collection")
        self._label = QLabel()
        self._label.setWordWrap(True)
        self.button = QPushButton(TRY_AGAIN)
        self.button.clicked.connect(self.try_again)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the style sheet's padding
        layout.addWidget(self._label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_because(self, because: StorageProblemKind | None, data_dir: Path | str) -> None:
        """Say why the collection is read-only, or hide the notice when it is writable."""
        if because is None:
            self.hide()
            return
        words = read_only_words(because, data_dir)
        # The folder may break at its slashes: a long one with no spaces (as on Windows) made
        # the window wider than a small screen at large text.
        self._label.setText(read_only_words(because, breakable_path(data_dir)))
        self._label.setAccessibleName(words)  # read as written
        self.button.setAccessibleDescription(words)  # what a screen reader says with it
        self.show()

    def text(self) -> str:
        """What the notice says ("" before it was first shown)."""
        return self._label.accessibleName()
