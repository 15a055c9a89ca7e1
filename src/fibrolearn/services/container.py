"""The set of services one open collection offers, built in one place."""

from __future__ import annotations

from dataclasses import dataclass

from fibrolearn.domain.backups import RestoreResult
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.faults import StorageProblem
from fibrolearn.services.backups import BackupService
from fibrolearn.services.browse import BrowseService
from fibrolearn.services.card_edits import CardEditService
from fibrolearn.services.card_info import CardInfoService
from fibrolearn.services.card_stats import CardStatsService
from fibrolearn.services.custom_study import CustomStudyService
from fibrolearn.services.deck_manage import DeckManageService
from fibrolearn.services.decks import DeckService
from fibrolearn.services.focus import FocusService
from fibrolearn.services.gentle import GentleService
from fibrolearn.services.interop import ImportService
from fibrolearn.services.interop_export import ExportService
from fibrolearn.services.notes import NoteService
from fibrolearn.services.optimize import OptimizeService
from fibrolearn.services.progress import ProgressService
from fibrolearn.services.quiz import QuizService
from fibrolearn.services.revlog import RevlogService
from fibrolearn.services.stats import StatsService
from fibrolearn.services.storage_errors import problem_in_collection
from fibrolearn.services.study import StudyService
from fibrolearn.storage.db import Database


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the UI and the command line may call on an open collection."""

    database: Database
    decks: DeckService
    deck_manage: DeckManageService
    study: StudyService
    stats: StatsService
    card_edits: CardEditService
    gentle: GentleService
    progress: ProgressService
    card_stats: CardStatsService
    card_info: CardInfoService
    quiz: QuizService
    focus: FocusService
    custom_study: CustomStudyService
    revlog: RevlogService
    optimize: OptimizeService
    backups: BackupService
    importer: ImportService
    exporter: ExportService
    browse: BrowseService
    notes: NoteService
    # A restore a crash had cut short, finished as the collection opened: the learner is told.
    finished_restore: RestoreResult | None = None

    @classmethod
    def build(
        cls, database: Database, clock: Clock, *, finished_restore: RestoreResult | None = None
    ) -> Services:
        """Wire the services to one database and clock."""
        backups = BackupService(database, clock)
        decks = DeckService(database, clock, backups)
        progress = ProgressService(database, clock, decks)
        study, browse = StudyService(database, clock), BrowseService(database, clock)
        return cls(
            database=database,
            decks=decks,
            deck_manage=DeckManageService(database, clock, backups),
            study=study,
            stats=StatsService(database, clock),
            card_edits=CardEditService(database, clock),
            gentle=GentleService(database, clock),
            progress=progress,
            card_stats=CardStatsService(database, clock, browse),
            card_info=CardInfoService(database, clock),
            quiz=QuizService(database, clock, progress),
            focus=FocusService(database),
            custom_study=CustomStudyService(database, clock, browse, study),
            revlog=RevlogService(database, clock, backups),
            optimize=OptimizeService(database, clock),
            backups=backups,
            importer=ImportService(database, clock, backups.paths.media_dir),
            exporter=ExportService(database, clock, backups.paths.media_dir),
            browse=browse,
            notes=NoteService(database, clock, backups),
            finished_restore=finished_restore,
        )

    def storage_problem(self, error: BaseException) -> StorageProblem | None:
        """The disk's or the collection's problem behind ``error``, worded for how it is open."""
        return problem_in_collection(self.database, error)

    def close(self) -> None:
        """Release the database."""
        self.database.close()
