"""report indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

A covering index for the year report's aggregate queries (every column they read, received
first), and a partial index on the few cases with an extra action.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here: a later change to the model's index needs its own migration.
REPORT_INDEX_COLUMNS = [
    "received", "signal_type_id", "channel_id", "entity_id", "category_id", "qualification_id",
    "admissible", "status", "due", "answered", "repeat_of_id", "inadmissible_reason",
]


def upgrade() -> None:
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index("ix_case_report", REPORT_INDEX_COLUMNS, unique=False)
        batch_op.create_index("ix_case_extra_actions", ["received", "id"], unique=False,
                              sqlite_where=sa.text("extra_actions <> ''"),
                              postgresql_where=sa.text("extra_actions <> ''"))


def downgrade() -> None:
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index("ix_case_extra_actions")
        batch_op.drop_index("ix_case_report")
