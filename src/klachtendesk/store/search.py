"""Full-text search over case titles, descriptions and complainants (the FTS5 table).

This is the one module that knows the index exists; everything else asks ``match_clause``.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """What the user typed as an FTS5 query: every word must match, as a prefix.

    Quotes make each word a literal string, so FTS5 syntax the user types (AND, NEAR, *, :)
    cannot break the query.
    """
    tokens = _TOKEN.findall(text)
    return " ".join(f'"{token}"*' for token in tokens)


def match_clause(text: str, params: dict[str, object], column: str = "c.id") -> str | None:
    """A SQL condition selecting the cases that match ``text`` (or None for an empty search).

    A search that looks like a reference (``2023-0007``, ``0007``) also finds that reference.
    """
    query = fts_query(text)
    if not query:
        return None
    params["fts"] = query
    condition = f"{column} IN (SELECT rowid FROM case_fts WHERE case_fts MATCH :fts)"
    stripped = text.strip()
    if re.fullmatch(r"[\w\-/.]*\d[\w\-/.]*", stripped):
        params["ref_like"] = f"%{stripped}%"
        condition = f"({condition} OR c.reference LIKE :ref_like)"
    return condition
