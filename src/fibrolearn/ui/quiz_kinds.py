"""The kinds of question the quiz set-up offers: a knowledge model's, or a deck's notes'."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from fibrolearn.domain.quiz import KNOWLEDGE_KINDS, NOTE_KINDS, QuizKind

KIND_LABELS = {
    QuizKind.WHICH_FACTOR: "Which factor is this finding linked to?",
    QuizKind.DETAIL: "Which finding belongs to this factor?",
    QuizKind.TRUE_FALSE: "True or false",
    QuizKind.MATCHING: "Match findings with factors",
    QuizKind.NOT_LINKED: "Which one is NOT linked?",
    QuizKind.TYPED_RECALL: "Type the missing word",
}
# A deck's notes asked (a deck without a knowledge model): its questions and answers.
NOTE_KIND_LABELS = {
    QuizKind.CHOICE: "Multiple choice",
    QuizKind.TYPED_RECALL: "Type the answer",
    QuizKind.MATCHING: "Match questions with answers",
    QuizKind.TRUE_FALSE: "True or false",
}


def list_kinds(checklist: QListWidget, *, knowledge: bool) -> None:
    """Offer a knowledge model's kinds, or a deck's notes', all ticked, unless offered already.

    Kinds the learner unticked stay unticked while the decks chosen are of the same sort.
    """
    kinds = KNOWLEDGE_KINDS if knowledge else NOTE_KINDS
    labels = KIND_LABELS if knowledge else NOTE_KIND_LABELS
    listed = [
        checklist.item(row).data(Qt.ItemDataRole.UserRole) for row in range(checklist.count())
    ]
    if listed == [str(kind) for kind in kinds]:
        return
    checklist.clear()
    for kind in kinds:
        item = QListWidgetItem(labels[kind])
        item.setData(Qt.ItemDataRole.UserRole, str(kind))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        checklist.addItem(item)
