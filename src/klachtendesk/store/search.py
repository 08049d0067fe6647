"""Full-text search over case titles, descriptions and complainants.

What the user typed becomes words here, the same on both engines; each engine module
(store/engines/) turns the words into its index's query: FTS5 on SQLite, a tsvector with
unaccent on PostgreSQL. Both find a word as a prefix, ignoring case and accents, so the
same store gives the same hits on either. Everything else asks ``match_clause``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from klachtendesk.domain.matching import has_words, same_email
from klachtendesk.domain.matching import words as fold_words
from klachtendesk.store import engines

#: Letters and digits: underscores and punctuation separate words, as both indexes split them.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

#: Words shorter than this are not searched: "de" or a first typed letter would match most
#: of a large store and make every keystroke slow, while telling the user nothing.
MIN_WORD = 3


def search_words(text: str) -> list[str]:
    """The words of a search that are looked up (3 letters or more)."""
    return [token for token in _TOKEN.findall(text) if len(token) >= MIN_WORD]


def fts_query(text: str) -> str:
    """What the user typed as an FTS5 query (SQLite): every word must match, as a prefix."""
    return engines.sqlite.text_query(search_words(text))


def match_clause(text: str, params: dict[str, object], column: str = "c.id", *, open_only: bool = False,
                 bind: Any = None) -> str | None:
    """A SQL condition selecting the cases that match ``text`` (or None for an empty search).

    A search that looks like a reference (``2023-0007``, ``0007``) also finds that reference.
    ``open_only``: the caller selects open cases only, so the words are looked up in the
    index of the open cases, a few percent of the store, not in all of them. ``bind`` (a
    session or connection) tells the engine; without one, SQLite's form is given.
    """
    engine = engines.of(bind) if bind is not None else engines.sqlite
    words = search_words(text)
    stripped = text.strip()
    conditions = []
    if words:
        conditions.append(engine.words_condition(words, params, column, open_only=open_only))
    if looks_like_reference(stripped):
        # A reference, or its start ("2023-00"), read from an index on the reference.
        conditions.append(engine.reference_prefix(stripped, params))
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else f"({' OR '.join(conditions)})"


def looks_like_reference(text: str) -> bool:
    return bool(re.fullmatch(r"[\w\-/.]*\d[\w\-/.]*", text.strip()))


def find_cases(session: Any, text: str, *, open_only: bool = False, limit: int = 20) -> list[tuple[int, str, str]]:
    """(id, reference, title) of the cases matching ``text``, newest received first: the
    command palette's case search, and what tests compare between the engines."""
    from sqlalchemy import text as sql

    params: dict[str, object] = {"limit": limit}
    clause = match_clause(text, params, open_only=open_only, bind=session)
    if clause is None:
        return []
    if open_only:
        clause = f"c.status <> 'closed' AND {clause}"
    rows = session.execute(sql(f"SELECT c.id, c.reference, c.title FROM case_file AS c WHERE {clause} "
                               "ORDER BY c.received DESC, c.id DESC LIMIT :limit"), params)
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def complainant_case_ids(session: Any, words: list[str]) -> list[int]:
    """Cases whose complainant's name has every word as a whole word of it (an access
    request: "Jan Peeters" is not "Janssen Peetersen"), NFKC-normalised, case and accents
    ignored, oldest first. The index finds candidates; each is checked here."""
    typed = [w for word in words for w in fold_words(word)]
    if not typed:
        return []
    rows = _candidates(session, [_variants(word) for word in words if fold_words(word)])
    return [case_id for case_id, name, _email in rows if has_words(name, typed)]


def email_case_ids(session: Any, email: str) -> list[int]:
    """Cases whose complainant's e-mail address is ``email``, exactly (case ignored), oldest first."""
    parts = _TOKEN.findall(unicodedata.normalize("NFKC", email))
    if not parts:
        return []
    rows = _candidates(session, [_variants(part) for part in parts])
    return [case_id for case_id, _name, their in rows if same_email(their, email)]


def _candidates(session: Any, alternatives: list[list[str]]) -> list[tuple[int, str, str]]:
    from sqlalchemy import text as sql

    params: dict[str, object] = {}
    source, condition = engines.of(session).person_candidates(alternatives, params)
    rows = session.execute(sql(f"SELECT c.id, c.complainant_name, c.complainant_email FROM {source} "
                               f"WHERE {condition} ORDER BY c.received, c.id"), params)
    return [(int(r[0]), str(r[1] or ""), str(r[2] or "")) for r in rows]


def _variants(word: str) -> list[str]:
    """The forms a word may have in the indexes, which fold case and accents but not
    compatibility forms: as typed (NFKC), folded, with a dotless ı (SQLite keeps it apart),
    and in fullwidth letters (a name pasted from an East Asian input method)."""
    typed = unicodedata.normalize("NFKC", word).casefold()
    folded = "".join(fold_words(word))
    forms = [typed, folded, folded.replace("i", "ı")]
    if folded.isascii():
        forms.append("".join(chr(ord(ch) + 0xFEE0) for ch in folded))
    return [f for f in dict.fromkeys(forms) if f and _TOKEN.fullmatch(f)]
