"""Self-quiz sessions and every answer given in them.

Revision ID: 0004_quizzes
Revises: 0003_history_and_interop
"""

import sqlalchemy as sa
from alembic import op

import fibrolearn.storage.types

revision = "0004_quizzes"
down_revision = "0003_history_and_interop"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("started_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.Column("finished_at", fibrolearn.storage.types.UtcDateTime(), nullable=True),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deck_id"],
            ["decks.id"],
            name=op.f("fk_quiz_sessions_deck_id_decks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_sessions")),
    )
    op.create_table(
        "quiz_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("question", sa.JSON(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("fact_keys", sa.JSON(), nullable=False),
        sa.Column("factor_keys", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["quiz_sessions.id"],
            name=op.f("fk_quiz_answers_session_id_quiz_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_answers")),
    )
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.create_index("ix_quiz_answers_time", ["answered_at"], unique=False)


def downgrade() -> None:
    op.drop_table("quiz_answers")
    op.drop_table("quiz_sessions")
