"""open case search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

A second full-text index over the open cases alone (case_open_fts), for searches in the
open views. Searching the whole store's index there gathers every match of ten years (a
common word at a million cases: 200,000) to keep the few thousand that are open; this
index holds only the open cases, so the search costs what the open cases cost. Its content
is the view case_open_text; triggers keep it in step as cases are registered, change text,
close, reopen or are deleted.

On PostgreSQL the same idea is a partial GIN index: the expression of 0001's index over the
open cases only; the server keeps it in step itself.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen here, as in 0001: a later change to the indexed columns needs its own migration.
FTS_COLUMNS = "title, description, complainant_name, complainant_email"
FTS_OLD = "old.id, old.title, old.description, old.complainant_name, old.complainant_email"
FTS_NEW = "new.id, new.title, new.description, new.complainant_name, new.complainant_email"
OPEN = "status <> 'closed'"  # as the open views and their partial indexes say it

DDL = [
    f"CREATE VIEW case_open_text AS SELECT id, {FTS_COLUMNS} FROM case_file WHERE {OPEN}",
    f"""CREATE VIRTUAL TABLE case_open_fts USING fts5({FTS_COLUMNS},
        content='case_open_text', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER case_open_fts_insert AFTER INSERT ON case_file WHEN new.{OPEN} BEGIN
        INSERT INTO case_open_fts(rowid, {FTS_COLUMNS}) VALUES ({FTS_NEW});
    END""",
    f"""CREATE TRIGGER case_open_fts_delete AFTER DELETE ON case_file WHEN old.{OPEN} BEGIN
        INSERT INTO case_open_fts(case_open_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', {FTS_OLD});
    END""",
    # One trigger, so the old text always leaves before the new text enters.
    f"""CREATE TRIGGER case_open_fts_update AFTER UPDATE OF status, {FTS_COLUMNS} ON case_file BEGIN
        INSERT INTO case_open_fts(case_open_fts, rowid, {FTS_COLUMNS})
            SELECT 'delete', {FTS_OLD} WHERE old.{OPEN};
        INSERT INTO case_open_fts(rowid, {FTS_COLUMNS}) SELECT {FTS_NEW} WHERE new.{OPEN};
    END""",
    "INSERT INTO case_open_fts(case_open_fts) VALUES ('rebuild')",
]


# PostgreSQL: 0001's indexed expression, frozen here too.
PG_SEPARATORS = "@.:/\\_-+&;<>=#?!,'\"()[]{}|~*^%$`"
PG_DOCUMENT = (
    "to_tsvector('klachtendesk'::regconfig, translate(title || ' ' || description || ' ' || "
    "complainant_name || ' ' || complainant_email, "
    f"'{PG_SEPARATORS.replace(chr(39), chr(39) * 2)}', '{' ' * len(PG_SEPARATORS)}'))"
)
PG_DDL = [f"CREATE INDEX ix_case_open_fts ON case_file USING gin ({PG_DOCUMENT}) WHERE {OPEN}"]


def upgrade() -> None:
    for statement in DDL if op.get_bind().dialect.name == "sqlite" else PG_DDL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_case_open_fts")
        return
    for name in ("case_open_fts_update", "case_open_fts_delete", "case_open_fts_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS case_open_fts")
    op.execute("DROP VIEW IF EXISTS case_open_text")
