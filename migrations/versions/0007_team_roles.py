"""team server roles and per-entity access

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

entity_access(login, entity_id): which entities a login of the team server may see.

On PostgreSQL, when the owner may create roles (or they exist already), the four group roles of this database
(beheerder, behandelaar, onthaal, lezer), their grants, the row-level security policies on
the cases and everything hanging off them, the append-only event log and the functions a
beheerder manages logins with (store/team_roles.py, which says why). An owner that may not
create roles gets the table alone; ``klachtendesk users`` sets the roles up later, once the
server's administrator gave it CREATEROLE.

On SQLite the table exists and nothing else changes: one workstation's file is the boundary.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import context, op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_access",
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entity_id", sa.Integer(), sa.ForeignKey("entity.id"), nullable=False),
        sa.PrimaryKeyConstraint("login", "entity_id"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    from klachtendesk.store import team_roles

    team_roles.install_numbering(bind)
    # A check comparing a store with what the migrations make says whether that store has
    # the roles (store/schema.py); else: when the owner may make them.
    wanted = context.config.attributes.get("klachtendesk_team_roles")
    if team_roles.should_install(bind) if wanted is None else wanted:
        team_roles.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        from klachtendesk.store import team_roles

        team_roles.uninstall(bind)
        for signature in ("kd_last_sequence(integer)", "kd_lowest_sequence()",
                          "kd_reference_taken(text)", "kd_sequence_taken(integer, integer)"):
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    op.drop_table("entity_access")
