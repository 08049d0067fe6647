"""case facts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Facts the organisations' year reports and daily rules need beside the qualification:
- solved (opgelost: "ja", "deels", "nee" or ""), kept apart from "founded" as the Flemish
  Ombudsdienst's registration does (Woonhaven, Zorgbedrijf);
- school: the school or unit a signal is about (Stedelijk Onderwijs's first line);
- ombudsnorms: the ombudsnormen a founded complaint broke, one label per line;
- staff_member: the involved staff member (police; sensitive, complaints team only);
- mediation_result: the result of a mediation (bemiddeling).
Plain text columns with an empty default, so existing cases read as "not filled in".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("solved", "school", "ombudsnorms", "staff_member", "mediation_result")


# Plain ALTER TABLE ADD/DROP COLUMN (SQLite 3.35+, PostgreSQL), not batch mode: a batch
# copy of case_file would have to drop the table the event log's foreign key points at.


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("case_file", sa.Column(name, sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    for name in reversed(COLUMNS):
        op.drop_column("case_file", name)
