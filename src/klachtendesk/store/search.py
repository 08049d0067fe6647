"""Full-text search over case titles, descriptions and complainants (the FTS5 table).

This is the one module that knows the index exists; everything else asks ``match_clause``.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+", re.UNICODE)

#: Words shorter than this are not searched: "de" or a first typed letter would match most
#: of a large store and make every keystroke slow, while telling the user nothing.
MIN_WORD = 3


def fts_query(text: str) -> str:
    """What the user typed as an FTS5 query: every word (of 3 letters or more) must match,
    as a prefix. Quotes make each word a literal string, so FTS5 syntax the user types (AND,
    NEAR, *, :) cannot break the query.
    """
    tokens = [token for token in _TOKEN.findall(text) if len(token) >= MIN_WORD]
    return " ".join(f'"{token}"*' for token in tokens)


def match_clause(text: str, params: dict[str, object], column: str = "c.id") -> str | None:
    """A SQL condition selecting the cases that match ``text`` (or None for an empty search).

    A search that looks like a reference (``2023-0007``, ``0007``) also finds that reference.
    """
    query = fts_query(text)
    stripped = text.strip()
    conditions = []
    if query:
        params["fts"] = query
        conditions.append(f"{column} IN (SELECT rowid FROM case_fts WHERE case_fts MATCH :fts)")
    if looks_like_reference(stripped):
        # A reference, or its start ("2023-00"): a range on the unique reference index.
        params["ref_from"], params["ref_to"] = stripped, stripped + "\U0010ffff"
        conditions.append("(c.reference >= :ref_from AND c.reference < :ref_to)")
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else f"({' OR '.join(conditions)})"


def looks_like_reference(text: str) -> bool:
    return bool(re.fullmatch(r"[\w\-/.]*\d[\w\-/.]*", text.strip()))
