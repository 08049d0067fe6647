"""A Zorgbedrijf store on the test server and logins of each role (tests/roles, the desk's tests)."""

from __future__ import annotations

from datetime import date

import psycopg
from engine_params import login_prefix

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.store import logins
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.store.location import parse_location

ANTWERPEN, BRASSCHAAT = "Zorgbedrijf Antwerpen", "Zorgbedrijf Brasschaat"
PASSWORD = "geheim-Wachtwoord-1"


class Team:
    """A Zorgbedrijf store on the test server, opened as its owner, with one case of
    Antwerpen, one of Brasschaat and one without an entity."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.owner = Store.create(url, load_preset("zorgbedrijf"), user="Els")
        self.prefix = login_prefix(parse_location(url).database)
        self.opened: list[Store] = []
        self.a = self.new_case(self.owner, "Wachttijd in Antwerpen", ANTWERPEN, staff="Dr. Janssens")
        self.b = self.new_case(self.owner, "Maaltijd in Brasschaat", BRASSCHAAT)
        self.none = self.new_case(self.owner, "Algemene vraag", None)

    def login(self, short: str) -> str:
        return self.prefix + short

    def url_of(self, name: str, password: str = PASSWORD) -> str:
        location = parse_location(self.url)
        rest = self.url.split("@", 1)[1]
        assert location.password
        return f"postgresql://{name}:{password}@{rest}"

    def add(self, short: str, role: str, *entities: str) -> str:
        name = self.login(short)
        logins.add_login(self.owner, name, role, entities, password=PASSWORD)
        return name

    def open_as(self, name: str, password: str = PASSWORD) -> Store:
        store = Store.open(self.url_of(name, password))
        self.opened.append(store)
        return store

    def sql_as(self, name: str) -> psycopg.Connection:
        return psycopg.connect(self.url_of(name), autocommit=True)

    def entity(self, label: str | None) -> int | None:
        return None if label is None else self.owner.taxonomy.find("entities", label).id

    def new_case(self, store: Store, title: str, entity: str | None, *, staff: str = "", user: str = "Els") -> int:
        klacht = store.taxonomy.find("types", "Klacht").id
        with store.sessions.write() as session:
            return create_case(session, CaseFields(received=date(2026, 11, 2), signal_type_id=klacht, title=title,
                                                   entity_id=self.entity(entity), staff_member=staff),
                               user=user, settings=store.settings, taxonomy=store.taxonomy, now=clock.now()).id

    def close(self) -> None:
        for store in self.opened:
            store.close()
        self.owner.close()
