"""Case columns a login may not read (the involved staff member for onthaal and lezer on a
team server: a column privilege, store/team_roles.py), kept out of every ORM query.

A session whose ``info`` names hidden columns loads cases without them (``defer``) and gives
each loaded case an empty value there, marked unchanged: screens show nothing, a save never
writes it, and the server is never asked for what it would refuse. Raw SQL in store/ names
its columns and leaves these out itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, defer
from sqlalchemy.orm.attributes import set_committed_value

from klachtendesk.store.models import Case

#: The session.info key: a tuple of Case attribute names.
INFO_KEY = "klachtendesk_hidden_case_columns"


def hidden(session: Session) -> tuple[str, ...]:
    return tuple(session.info.get(INFO_KEY, ()))


@event.listens_for(Session, "do_orm_execute")
def _leave_out(state: ORMExecuteState) -> None:
    columns = hidden(state.session)
    if not columns or not state.is_select:
        return
    # Only where whole cases are loaded (select(Case), session.get, a refresh); a query of
    # some columns names them itself.
    descriptions = getattr(state.statement, "column_descriptions", None) or []
    if not any(description.get("expr") is Case for description in descriptions):
        return
    state.statement = state.statement.options(*(defer(getattr(Case, name)) for name in columns))


@event.listens_for(Case, "load")
def _empty(target: Case, context: Any) -> None:
    session = getattr(context, "session", None)
    if session is None:
        return
    for name in hidden(session):
        if name not in target.__dict__:
            set_committed_value(target, name, "")
