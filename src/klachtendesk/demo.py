"""The demo store: the fire zone's 2023 cases plus open cases dated relative to today.

The 2023 cases come from fixtures/brandweer-2023.csv through the ordinary importer, so
the demo also proves the import path. The open cases give every screen something to
show: overdue, due soon, due today, not acknowledged, fresh, drafted and a repeat.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.register.importer import import_register
from klachtendesk.resources import fixtures_dir
from klachtendesk.store import actions
from klachtendesk.store.cases import CaseFields, create_case, find_by_reference
from klachtendesk.store.database import Store
from klachtendesk.store.location import Location
from klachtendesk.store.taxonomy import ensure_user

DEMO_USER = "Els Peeters"
COLLEAGUE = "Tom Jacobs"

# (days ago received, title, description, complainant, e-mail, channel, category, handler,
#  acknowledged days after receipt or None)
_OPEN_CASES = [
    (62, "Brandweerwagen blokkeert oprit tijdens oefening",
     "Tijdens een oefening stond een brandweerwagen een uur lang voor de oprit van de melder, "
     "die daardoor niet naar het werk kon.", "Karel Verstraeten", "karel.verstraeten@example.be",
     "Algemeen e-mailadres", "Overlast", DEMO_USER, 2),
    (50, "Factuur voor wespennest te hoog",
     "De melder kreeg een factuur van 120 euro voor het verdelgen van een wespennest en vindt "
     "dat duurder dan aangekondigd op de website.", "Nadia Haddad", "nadia.haddad@example.be",
     "Klantenmanagement stad", "Facturatie", COLLEAGUE, 3),
    (43, "Lange wachttijd na oproep voor wateroverlast",
     "Na een oproep voor wateroverlast in de kelder duurde het volgens de melder vier uur "
     "voor er iemand kwam.", "Wim Claessens", "wim.claessens@example.be",
     "Zonecommandant", "Wachttijd na oproep", DEMO_USER, 1),
    (45, "Onvriendelijke ontvangst aan het onthaal van de kazerne",
     "Een bezoeker voelde zich afgeblaft aan het onthaal toen hij een attest kwam ophalen.",
     "Ingrid Smets", "", "Algemeen e-mailadres", "Professionaliteit", COLLEAGUE, 2),
    (12, "Sirene tijdens de nacht in woonwijk Linkeroever",
     "Een bewoner van Linkeroever werd drie nachten na elkaar wakker van sirenes en vraagt of "
     "dat echt nodig was.", "Luc Maes", "luc.maes@example.be",
     "Algemeen e-mailadres", "Overlast", DEMO_USER, None),
    (3, "Tuinhek beschadigd bij interventie",
     "Bij een interventie in de buurt werd het tuinhek van de melder opengebroken; niemand "
     "liet een bericht achter.", "Sarah Lambrechts", "sarah.lambrechts@example.be",
     "Sociale media", "Schadegeval", None, None),
    (0, "Geen antwoord op vraag naar brandpreventieadvies",
     "De melder vroeg twee maanden geleden een preventieadvies voor een feestzaal en kreeg "
     "nog geen antwoord.", "Johan Van Damme", "johan.vandamme@example.be",
     "Algemeen e-mailadres", None, None, None),
]


def demo_fixture() -> Path:
    return fixtures_dir() / "brandweer-2023.csv"


def build_demo(path: Path | Location) -> Store:
    """Create a demo store at ``path`` (which must not exist yet)."""
    store = Store.create(path, load_preset("brandweer"), user=DEMO_USER)
    import_register(store, demo_fixture(), user=DEMO_USER)
    today = clock.today()
    now = clock.now()
    taxonomy = store.taxonomy
    klacht = taxonomy.find("types", "Klacht")
    created: list[int] = []
    with store.sessions.write() as session:
        for days, title, desc, name, email, channel, category, handler, ack in _OPEN_CASES:
            received = today - timedelta(days=days)
            cat = taxonomy.find_category(category) if category else None
            handler_id = ensure_user(session, handler) if handler else None
            case = create_case(
                session,
                CaseFields(
                    received=received, signal_type_id=klacht.id, title=title, description=desc,
                    complainant_name=name, complainant_email=email,
                    channel_id=taxonomy.find("channels", channel).id,
                    category_id=cat.id if cat else None, handler_id=handler_id,
                    acknowledged=received + timedelta(days=ack) if ack is not None else None,
                ),
                user=DEMO_USER, settings=store.settings, taxonomy=taxonomy, now=now,
            )
            created.append(case.id)  # type: ignore[arg-type]
    store.refresh()
    # Move some along the workflow, so the detail screen shows a real timeline.
    first, second = created[0], created[1]
    case = actions.set_admissibility(store, first, 1, DEMO_USER, True)
    case = actions.save_fields(store, first, case.version, DEMO_USER, {},  # type: ignore[arg-type]
                               note="Verslag van de oefening opgevraagd bij de post Noord.")
    actions.write_draft(store, first, case.version, DEMO_USER,  # type: ignore[arg-type]
                        "Geachte heer Verstraeten,\n\nWij betreuren de hinder tijdens de oefening ...")
    case = actions.set_admissibility(store, second, 1, COLLEAGUE, True)
    # Luc Maes complains about night sirens again: a repeat of his 2023 complaint.
    with store.sessions.read() as session:
        earlier = find_by_reference(session, "2023-0005")
    if earlier is not None:
        actions.link_repeat(store, created[4], 1, DEMO_USER, earlier.id)
    return store
