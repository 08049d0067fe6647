"""The queue's queries: one view with filters and a search, counted and read a page at a time.

The queue never loads all cases. It asks ``count`` once and ``page(offset, limit)`` for the
rows on screen; each view uses an index that returns rows already in order (the open views
the partial index ``ix_case_open_due``). Pages past the middle are read backwards from the
end, so jumping to the last row (``G``) is as fast as the first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from klachtendesk.domain.deadlines import due_soon_limit
from klachtendesk.domain.taxonomy import Settings
from klachtendesk.store import engines
from klachtendesk.store.search import looks_like_reference, match_clause, search_words
from klachtendesk.store.values import as_date, as_optional_date

#: A search in the large views (closed, all) stops counting here: "10.000+" is all a user
#: needs to know to refine the search, and counting 170,000 matches costs a quarter second.
SEARCH_CAP = 10_000

VIEWS: dict[str, str] = {
    "open": "Open",
    "mine": "Mijn zaken",
    "overdue": "Te laat",
    "due_soon": "Bijna te laat",
    "unacknowledged": "Niet bevestigd",
    "attention": "Aandacht nodig",
    "closed": "Afgesloten",
    "all": "Alle",
}

# (ORDER BY forwards, ORDER BY backwards) per view.
_ORDER = {
    "closed": ("c.answered DESC, c.id DESC", "c.answered ASC, c.id ASC"),
    "all": ("c.received DESC, c.id DESC", "c.received ASC, c.id ASC"),
}
_DUE_ORDER = ("c.due ASC, c.id ASC", "c.due DESC, c.id DESC")
_SORT_KEY = {"closed": "answered", "all": "received"}  # the column _ORDER sorts on (else due)


#: ``QueueQuery.handler_id`` for the cases nobody is assigned to (no row has id 0).
UNASSIGNED = 0


@dataclass(frozen=True)
class QueueQuery:
    view: str = "open"
    user_id: int | None = None  # for "mine"
    signal_type_id: int | None = None
    category_id: int | None = None
    channel_id: int | None = None
    entity_id: int | None = None
    handler_id: int | None = None  # UNASSIGNED: cases without a handler
    year: int | None = None  # the organisation's report year
    search: str = ""

    def with_(self, **changes: Any) -> QueueQuery:
        return replace(self, **changes)

    @property
    def filter_count(self) -> int:
        return sum(
            value is not None
            for value in (self.signal_type_id, self.category_id, self.channel_id, self.entity_id,
                          self.handler_id, self.year)
        )


@dataclass(frozen=True)
class QueueRow:
    id: int
    reference: str
    received: date
    signal_type_id: int
    title: str
    category_id: int | None
    status: str
    handler_id: int | None
    due: date
    acknowledged: date | None
    answered: date | None


_COLUMNS = ("c.id, c.reference, c.received, c.signal_type_id, c.title, c.category_id, c.status, "
            "c.handler_id, c.due, c.acknowledged, c.answered")


_OPEN_VIEWS = ("open", "mine", "overdue", "due_soon", "unacknowledged", "attention")


def _fts_driven(query: QueueQuery) -> bool:
    """Search in a large view: read matches from the full-text index, newest first.

    The open views hold a few percent of the store and keep their due-date order; in the
    closed and all views, sorting every match by date would mean reading them all, so the
    index's own order (newest registered first) is used and reading stops after a page.
    """
    return (query.view in ("closed", "all") and bool(search_words(query.search))
            and not looks_like_reference(query.search))


def shown(query: QueueQuery, counted: int) -> tuple[int, bool]:
    """The rows the queue shows of a view that ``count`` counted, and whether it has more.

    Only a search that reads the full-text index stops counting (at SEARCH_CAP + 1); every
    other view shows all its rows, a million in the all view.
    """
    if _fts_driven(query) and counted > SEARCH_CAP:
        return SEARCH_CAP, True
    return counted, False


def _source(query: QueueQuery, engine: Any) -> str:
    """The case table, pinned (on SQLite) to the index that returns the view's rows in order.

    Open views read the partial index of open cases (a few percent of the store): without
    the hint SQLite may prefer scanning a larger covering index when the store was never
    ANALYZEd, which at a million cases is the difference between 1 ms and 100 ms.
    """
    if query.view == "mine" or (query.view in _OPEN_VIEWS and query.handler_id is not None):
        return f"case_file AS c {engine.hint('ix_case_open_handler_due')}"
    if query.view in _OPEN_VIEWS:
        return f"case_file AS c {engine.hint('ix_case_open_due')}"
    if _fts_driven(query):
        return str(engine.newest_matches(search_words(query.search), {})[0])
    if query.view == "closed" and not query.search.strip():
        return f"case_file AS c {engine.hint('ix_case_closed_answered')}"
    return "case_file AS c"


def _where(query: QueueQuery, today: date, settings: Settings, engine: Any) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {}
    conditions: list[str] = []
    view = query.view
    if view in _OPEN_VIEWS:
        conditions.append("c.status <> 'closed'")
    if view == "closed":
        conditions.append("c.status = 'closed'")
    if view == "mine":
        conditions.append("c.handler_id = :me")
        params["me"] = query.user_id if query.user_id is not None else -1
    if view in ("overdue", "due_soon", "attention", "unacknowledged"):
        params["today"] = today.isoformat()
        params["soon"] = due_soon_limit(today, settings.calendar).isoformat()
        params["ack_cutoff"] = (today - timedelta(days=settings.acknowledgement_days)).isoformat()
    if view == "overdue":
        conditions.append("c.due < :today")
    elif view == "due_soon":
        conditions.append("c.due >= :today AND c.due <= :soon")
    elif view == "unacknowledged":
        conditions.append("c.acknowledged IS NULL AND c.received < :ack_cutoff")
    elif view == "attention":
        conditions.append("(c.due <= :soon OR (c.acknowledged IS NULL AND c.received < :ack_cutoff))")
    if query.handler_id == UNASSIGNED:
        conditions.append("c.handler_id IS NULL")
    for column, value in (("signal_type_id", query.signal_type_id), ("category_id", query.category_id),
                          ("channel_id", query.channel_id), ("entity_id", query.entity_id),
                          ("handler_id", query.handler_id)):
        if value is not None and not (column == "handler_id" and value == UNASSIGNED):
            conditions.append(f"c.{column} = :{column}")
            params[column] = value
    if query.year is not None:  # the organisation's report year (the police's runs 19/1-18/1)
        start, end = settings.period_for_year(query.year)
        conditions.append("c.received >= :year_start AND c.received <= :year_end")
        params["year_start"], params["year_end"] = start.isoformat(), end.isoformat()
    if _fts_driven(query):
        conditions.append(engine.newest_matches(search_words(query.search), params)[1])
    elif query.search.strip():
        clause = match_clause(query.search, params, open_only=view in _OPEN_VIEWS, bind=engine)
        if clause:
            conditions.append(clause)
    where = " AND ".join(conditions) if conditions else "TRUE"
    return where, params


def _words_in_open_view(query: QueueQuery) -> bool:
    """The open view searched for words, and nothing else: counted from the index alone."""
    return (query == QueueQuery(view="open", user_id=query.user_id, search=query.search)
            and bool(search_words(query.search)) and not looks_like_reference(query.search))


def count(session: Session, query: QueueQuery, today: date, settings: Settings) -> int:
    connection = session.connection()
    engine = engines.of(connection)
    if _words_in_open_view(query):
        params: dict[str, Any] = {}
        counting = engine.open_matches_count(search_words(query.search), params)
        if counting is not None:
            return int(connection.execute(text(counting), params).scalar_one())
    if query.view == "closed" and query == QueueQuery(view="closed", user_id=query.user_id):
        # All minus open: two small counts instead of walking 95% of the store.
        everything = connection.execute(text("SELECT count(*) FROM case_file")).scalar_one()
        still_open = connection.execute(text(
            f"SELECT count(*) FROM case_file {engine.hint('ix_case_open_due')} WHERE status <> 'closed'")
        ).scalar_one()
        return int(everything - still_open)
    where, params = _where(query, today, settings, engine)
    if _fts_driven(query):
        params["cap"] = SEARCH_CAP + 1
        return int(connection.execute(text(
            f"SELECT count(*) FROM (SELECT 1 FROM {_source(query, engine)} WHERE {where} LIMIT :cap) AS capped"),
            params).scalar_one())
    return int(connection.execute(text(f"SELECT count(*) FROM {_source(query, engine)} WHERE {where}"),
                                  params).scalar_one())


def count_and_first_page(session: Session, query: QueueQuery, today: date, settings: Settings,
                         limit: int) -> tuple[int, list[QueueRow]]:
    """The view's count and its first ``limit`` rows, as ``count`` and ``page`` give them.

    A search in an index-ordered view (the open views, a reference) selects its cases with
    the full-text index; counting and then reading the first page would look every match
    up twice (at a million cases "werk" matches 200,000 of them). Here the matches are
    gathered once, and both the count and the first page are taken from them.
    """
    engine = engines.of(session)
    if (_fts_driven(query) or match_clause(query.search, {}) is None
            or (_words_in_open_view(query) and engine.open_matches_count([], {}) is not None)):
        # Counted without the matches (the index-driven search, a view without a search),
        # or from the open cases' index alone: the first page is then read in the view's
        # order, stopping at its last row, instead of gathering every match.
        total = count(session, query, today, settings)
        return total, page(session, query, today, settings, 0, limit, total) if total else []
    where, params = _where(query, today, settings, engine)
    forwards, _ = _ORDER.get(query.view, _DUE_ORDER)
    key = _SORT_KEY.get(query.view, "due")
    params["limit"] = limit
    # Only the id and the sort key are gathered (the open views read both from their index,
    # not from the table); the columns are read for the first page's rows alone.
    rows = session.connection().execute(text(
        f"WITH hit AS MATERIALIZED (SELECT c.id, c.{key} FROM {_source(query, engine)} WHERE {where}) "
        f"SELECT (SELECT count(*) FROM hit), {_COLUMNS} FROM "
        f"(SELECT * FROM hit AS c ORDER BY {forwards} LIMIT :limit) AS h "
        f"JOIN case_file AS c ON c.id = h.id ORDER BY {forwards}"), params).all()
    if not rows:
        return 0, []
    return rows[0][0], [_row(r[1:]) for r in rows]


def page(session: Session, query: QueueQuery, today: date, settings: Settings, offset: int,
         limit: int, total: int | None = None) -> list[QueueRow]:
    """Rows ``offset`` .. ``offset + limit`` of the view, in the view's order."""
    engine = engines.of(session)
    where, params = _where(query, today, settings, engine)
    forwards, backwards = _ORDER.get(query.view, _DUE_ORDER)
    if _fts_driven(query):
        forwards, backwards = engine.newest_matches(search_words(query.search), {})[2]
        total = None if total is None or total > SEARCH_CAP else total  # capped: no reading backwards
    if total is not None and offset > total // 2:
        # Read from the end: skipping few rows backwards beats skipping many forwards.
        reverse = True
        end = min(offset + limit, total)
        params["limit"], params["offset"] = end - offset, total - end
        order = backwards
    else:
        reverse = False
        params["limit"], params["offset"] = limit, offset
        order = forwards
    rows = session.connection().execute(
        text(f"SELECT {_COLUMNS} FROM {_source(query, engine)} WHERE {where} ORDER BY {order} "
             "LIMIT :limit OFFSET :offset"), params).all()
    result = [_row(r) for r in rows]
    return result[::-1] if reverse else result


def _row(r: Any) -> QueueRow:
    return QueueRow(
        id=r[0], reference=r[1], received=as_date(r[2]), signal_type_id=r[3], title=r[4],
        category_id=r[5], status=r[6], handler_id=r[7], due=as_date(r[8]),
        acknowledged=as_optional_date(r[9]), answered=as_optional_date(r[10]),
    )


def position(session: Session, query: QueueQuery, today: date, settings: Settings, case_id: int) -> int | None:
    """Where case ``case_id`` is in the view (its row index), or None when the view does not
    hold it (or, for a search that stops counting, holds it past SEARCH_CAP). Counts the rows
    before it on the view's own order, as cheap as counting the view."""
    engine = engines.of(session)
    where, params = _where(query, today, settings, engine)
    params["case_id"] = case_id
    source = _source(query, engine)
    connection = session.connection()
    if _fts_driven(query):  # newest registered first
        hit = connection.execute(text(f"SELECT 1 FROM {source} WHERE {where} AND c.id = :case_id"), params).first()
        if hit is None:
            return None
        before = int(connection.execute(text(
            f"SELECT count(*) FROM {source} WHERE {where} AND c.id > :case_id"), params).scalar_one())
        return before if before < SEARCH_CAP else None
    key = _SORT_KEY.get(query.view, "due")
    found = connection.execute(text(f"SELECT c.{key} FROM {source} WHERE {where} AND c.id = :case_id"),
                               params).first()
    if found is None or found[0] is None:  # not in the view; or a NULL key, which each engine sorts its own way
        return None
    params["key"] = found[0]
    op = ">" if _ORDER.get(query.view, _DUE_ORDER)[0].split(",")[0].endswith("DESC") else "<"
    earlier = f"(c.{key} {op} :key OR (c.{key} = :key AND c.id {op} :case_id))"
    return int(connection.execute(text(f"SELECT count(*) FROM {source} WHERE {where} AND {earlier}"),
                                  params).scalar_one())
