"""correspondence

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Mail in, letters out, files kept with a case:
- mail_message: every mail read into a case and every e-mail draft made for one, by
  Message-ID (unique: a mail read before is skipped; a reply naming one finds its case);
- attachment: files kept inside the store (a backup holds them too), from mail, added by
  hand or made as a letter;
- letter: the acknowledgements, answers and closing letters made for a case, each pointing
  at the attachment that holds the document.
Portable operations only (create_table, LargeBinary): the same script runs on PostgreSQL,
where the timestamps are "with time zone" as the models declare them (SQLite stores both alike).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("sender", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("forwarded_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    op.create_index("ix_mail_message_case", "mail_message", ["case_id", "id"])
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("message_row_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("content_type", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["message_row_id"], ["mail_message.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attachment_case", "attachment", ["case_id", "id"])
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("message_row_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"]),
        sa.ForeignKeyConstraint(["message_row_id"], ["mail_message.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_letter_case", "letter", ["case_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_letter_case", table_name="letter")
    op.drop_table("letter")
    op.drop_index("ix_attachment_case", table_name="attachment")
    op.drop_table("attachment")
    op.drop_index("ix_mail_message_case", table_name="mail_message")
    op.drop_table("mail_message")
