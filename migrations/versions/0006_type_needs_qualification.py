"""signal types that close without a final qualification

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

signal_type.needs_qualification: whether a case of this type needs a final qualification
(eindkwalificatie) before it can close. The city's wegwijsvraag, afspraak and spam close
without one. Existing types keep needing one, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD/DROP COLUMN, as in 0004: no batch copy of a table others point at.


def upgrade() -> None:
    op.add_column("signal_type", sa.Column("needs_qualification", sa.Boolean(), nullable=False,
                                           server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("signal_type", "needs_qualification")
