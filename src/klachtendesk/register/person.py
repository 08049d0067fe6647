"""An access request (inzageverzoek): everything stored about one complainant.

A query that is an e-mail address finds the cases with that address, exactly
("jan.peeters@x.be" is not "peeters.dirk@x.be"). Otherwise a case matches when every word of
the query is a whole word of the complainant's name ("maes" finds "Luc Maes", "dubois" not
"Duboisson", "Jan Peeters" not "Janssen Peetersen"), NFKC-normalised (fullwidth letters are
letters) and ignoring case and accents. The full-text index finds the candidates, so a
request stays fast in a store of millions of cases; the user reviews the matches before
sending them. The export holds each case as its register row plus its timeline, and is
itself recorded in the event log (by case references, not by name or file name, so that
the log does not keep the person's name after the cases are anonymised).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from klachtendesk.domain import facts
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.fields import field_label
from klachtendesk.domain.store_events import destination
from klachtendesk.domain.text import clean_line
from klachtendesk.domain.wording import cases
from klachtendesk.outfile import store_files
from klachtendesk.register.columns import export_header
from klachtendesk.register.exporter import register_rows
from klachtendesk.register.files import open_private
from klachtendesk.store.cases import log_store_event
from klachtendesk.store.cases import timelines as case_timelines
from klachtendesk.store.database import Store
from klachtendesk.store.search import complainant_case_ids, email_case_ids

# Characters JSON may carry raw that a terminal would act on or reorder.
_UNSAFE_IN_TERMINAL = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LISTED_REFERENCES = 20
#: Stands in the timeline for a staff member's name an access request leaves out.
STAFF_LEFT_OUT = "[niet opgenomen: betrokken medewerker]"


def search_words_all(text: str) -> list[str]:
    """Every word of the query, short ones too: a name part such as "Li" counts."""
    return re.findall(r"[^\W_]+", text)


def matching_case_ids(store: Store, query: str) -> list[int]:
    """An e-mail address finds that address exactly; a name, every word a whole word of
    the complainant's name (NFKC, case and accents ignored)."""
    typed = clean_line(query).strip()
    words = search_words_all(typed)
    if not words:
        raise DomainError("Geef een naam of e-mailadres op om te zoeken.")
    with store.sessions.read() as session:
        if "@" in typed and not re.search(r"\s", typed):
            return email_case_ids(session, typed)
        return complainant_case_ids(session, words)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def person_record(store: Store, query: str, *, now: datetime, include_staff_member: bool = False) -> dict[str, Any]:
    """Every case of the complainant with its timeline. The involved staff member (police)
    is another person's data: left out, in the cases and in the timelines, unless
    ``include_staff_member``."""
    ids = matching_case_ids(store, query)
    header = export_header(store.settings, include_staff_member=include_staff_member)
    cases = [{k: _plain(v) for k, v in zip(header, row, strict=True)}
             for row in register_rows(store, case_ids=ids, as_dates=True, include_staff_member=include_staff_member)]
    timelines: dict[str, list[dict[str, Any]]] = {case["referentie"]: [] for case in cases}
    with store.sessions.read() as session:
        events = case_timelines(session, ids)
    for reference, event in events:
        entry = {"wanneer": str(event.at), "wie": event.user, "soort": event.kind}
        old, new = event.old, event.new
        if event.field == facts.STAFF_MEMBER and not include_staff_member:
            old, new = (STAFF_LEFT_OUT if old else ""), (STAFF_LEFT_OUT if new else "")
        if event.field:
            entry.update(veld=field_label(event.field), oud=old, nieuw=new)
        if event.note:
            entry["notitie"] = event.note
        timelines[reference].append(entry)
    for case in cases:
        case["tijdlijn"] = timelines[case["referentie"]]
    return {
        "organisatie": store.settings.organisation,
        "zoekopdracht": clean_line(query),
        "gemaakt_op": now.isoformat(),
        "aantal_zaken": len(cases),
        "zaken": cases,
    }


def to_json(record: dict[str, Any]) -> str:
    """Readable UTF-8 JSON, with terminal-active characters written as \\u escapes."""
    encoded = json.dumps(record, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded) + "\n"


def export_person(store: Store, query: str, path: Path | None, *, user: str,
                  now: datetime, include_staff_member: bool = False,
                  force: bool = False) -> tuple[dict[str, Any], str]:
    """Build the export, write it to ``path`` (0600) when given, and record it in the log.

    Returns the record and its JSON text (for the screen or stdout when ``path`` is None).
    """
    record = person_record(store, query, now=now, include_staff_member=include_staff_member)
    body = to_json(record)
    if path is not None:
        with open_private(path, "w", force=force, protect=store_files(store.path), encoding="utf-8") as handle:
            handle.write(body)
    references = [case["referentie"] for case in record["zaken"]]
    listed = ", ".join(references[:_LISTED_REFERENCES])
    if len(references) > _LISTED_REFERENCES:
        listed += f" en {len(references) - _LISTED_REFERENCES} andere"
    # The file's name often names the person: the log says only that it went to a file.
    where = destination(path is not None)
    note = f"Inzageverzoek: {cases(len(references))}" + (f" ({listed})" if listed else "") + f" {where}"
    if include_staff_member and store.settings.uses(facts.STAFF_MEMBER):
        note += ", met de betrokken medewerkers"
    with store.sessions.write() as session:
        log_store_event(session, "person_export", note, user=user, now=now)
    return record, body
