"""Small hand-built stores for the report's arithmetic: every case added by a test is visible in it."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from klachtendesk import clock
from klachtendesk.domain.dates import parse_date
from klachtendesk.presets import load_preset
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store


def _day(value: date | str | None) -> date | None:
    return parse_date(value) if isinstance(value, str) else value


class Cases:
    """Adds cases by label: ``cases.add("6/6/2023", category="Overlast", answered="1/7/2023", ...)``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, received: date | str, *, type: str = "Klacht", title: str = "Een zaak", channel: str | None = None,
            category: str | None = None, entity: str | None = None, qualification: str | None = None,
            answered: date | str | None = None, admissible: bool | None = None, reason: str = "",
            repeat_of: int | None = None, extra_action: str = "", extra_done: date | str | None = None,
            extension_days: int = 0, description: str = "", motivation: str = "") -> int:
        tax = self.store.taxonomy
        signal_type = tax.find("types", type)
        fields = CaseFields(
            received=_day(received), signal_type_id=signal_type.id, title=title, description=description,
            channel_id=tax.find("channels", channel).id if channel else None,
            category_id=tax.find_category(category, signal_type.id).id if category else None,
            entity_id=tax.find("entities", entity).id if entity else None,
            qualification_id=tax.find("qualifications", qualification).id if qualification else None,
            answered=_day(answered), answer_channel="e-mail" if answered else "",
            admissible=admissible, inadmissible_reason=reason, repeat_of_id=repeat_of,
            extra_actions=extra_action, extra_actions_done=_day(extra_done),
            extension_days=extension_days, extension_reason="Wachten op verslag" if extension_days else "",
            motivation=motivation,
        )
        with self.store.sessions.write() as session:
            case = create_case(session, fields, user="Test", settings=self.store.settings, taxonomy=tax,
                               now=clock.now())
            return case.id  # type: ignore[return-value]


@pytest.fixture
def make_store(store_locations):
    """make_store("politie", lead_time_thresholds=(7, 30)) -> (store, Cases)."""
    opened: list[Store] = []

    def make(preset: str = "brandweer", **settings) -> tuple[Store, Cases]:
        loaded = load_preset(preset)
        if settings:
            loaded = dataclasses.replace(loaded, settings=dataclasses.replace(loaded.settings, **settings))
        store = Store.create(store_locations(f"{preset}-{len(opened)}"), loaded, user="Test")
        opened.append(store)
        return store, Cases(store)

    yield make
    for store in opened:
        store.close()
