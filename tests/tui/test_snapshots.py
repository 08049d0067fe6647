"""Every screen and dialog, on the frozen day 27/11/2026 10:30, at 120x36.

Regenerate after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`,
and look at the SVGs in tests/tui/__snapshots__ before committing them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk.presets import load_preset
from klachtendesk.store.database import Store


def _open(reference: str, store):
    with store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = :r"), {"r": reference}).scalar()

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_case(case_id)
        await settle(pilot)

    return run_before


def _keys(*keys: str, opened: str | None = None, store=None):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if opened:
            await _open(opened, store)(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_queue(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_keys())


def test_queue_all_with_tags_and_cursor(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_keys("7", "j", "t", "t"))


def test_queue_search(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_keys("7", "slash", "s", "i", "r", "e", "enter"))


def test_queue_empty_view(snap_compare, tmp_path):
    store = Store.create(tmp_path / "leeg.db", load_preset("politie"), user="An")
    assert snap_compare(make_app(store, "An"), terminal_size=SIZE, run_before=_keys())
    store.close()


def test_queue_narrow_terminal(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=_keys())


def test_start_alert(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store, alerts=True), terminal_size=SIZE, run_before=_keys())


def test_help(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_keys("question_mark"))


def test_filters_dialog(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_keys("f"))


def test_bulk_dialog(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_keys("t", "semicolon"))


def test_command_palette(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_keys("ctrl+p", "f", "a", "c", "t"))


def test_case_open_with_timeline(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_open("2026-0001", demo_store))


def test_case_closed(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_open("2023-0006", demo_store))


@pytest.mark.parametrize(
    ("key", "name"),
    [("c", "category"), ("k", "qualification"), ("o", "admissibility"), ("n", "note"), ("d", "draft"),
     ("a", "answer"), ("b", "acknowledge"), ("x", "extra_actions"), ("w", "assign"), ("l", "link"),
     ("i", "motivation")],
)
def test_case_dialogs(snap_compare, demo_store, key, name):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_keys(key, opened="2026-0002", store=demo_store))


def test_reopen_dialog(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_keys("h", opened="2023-0006", store=demo_store))


def test_extension_dialog(snap_compare, tmp_path):
    from klachtendesk import clock
    from klachtendesk.store.cases import CaseFields, create_case

    store = Store.create(tmp_path / "zorg.db", load_preset("zorgbedrijf"), user="An")
    with store.sessions.write() as session:
        create_case(session, CaseFields(received=clock.today(), signal_type_id=store.taxonomy.types[0].id,
                                        title="Maaltijd koud geleverd"),
                    user="An", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    assert snap_compare(make_app(store, "An"), terminal_size=SIZE,
                        run_before=_keys("v", opened="2026-0001", store=store))
    store.close()


def test_edit_screen(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_keys("e", opened="2026-0002", store=demo_store))


def test_intake(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_keys("n"))


def test_intake_with_errors_and_matches(snap_compare, demo_store):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#input-received").value = "31/02/2026"
        pilot.app.screen.query_one("#input-complainant_email").value = "karel.verstraeten@example.be"
        await pilot.pause(0.4)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_first_run(snap_compare):
    from pathlib import Path

    from klachtendesk.tui.app import KlachtendeskApp

    path = Path("/tmp/klachtendesk-snapshot/nieuw.db")  # shown on screen: must not vary between runs
    assert not path.exists()
    app = KlachtendeskApp(path, login="test", alerts_on_start=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys())


def test_conflict_notice(snap_compare, demo_store, second_store):
    """The dialog reopened after someone else saved first: who, what, when, and my text."""
    with demo_store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = '2026-0003'")).scalar()

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_case(case_id)
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        from klachtendesk.store import actions

        with second_store.sessions.read() as session:
            version = session.execute(text("SELECT version FROM case_file WHERE id = :i"), {"i": case_id}).scalar()
        actions.save_fields(second_store, case_id, version, "Tom Jacobs", {"motivation": "Verslag van Tom"})
        pilot.app.screen.query_one("#value").text = "Verslag van Els"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_edit_conflict_shows_both_values(snap_compare, demo_store, second_store):
    """Tom changed the title and the handler while Els edited both: each field shows his value
    beside hers, her typed values stay in the fields."""
    with demo_store.sessions.read() as session:
        case_id, version = session.execute(text(
            "SELECT id, version FROM case_file WHERE reference = '2026-0004'")).one()

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_case(case_id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        from klachtendesk.store import actions

        els = second_store.taxonomy.find("users", "Els Peeters").id
        actions.save_fields(second_store, case_id, version, "Tom Jacobs",
                            {"title": "Onthaal kazerne: klacht over toon", "handler_id": None,
                             "complainant_phone": "03 123 45 67"})
        pilot.app.screen.query_one("#input-title").value = "Onvriendelijk onthaal [kazerne Noord]"
        pilot.app.screen.query_one("#input-handler_id").value = els
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_link_dialog_with_the_complainants_earlier_cases(snap_compare, demo_store):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_keys("l", "down", opened="2026-0005", store=demo_store))


def test_intake_at_80x24_with_earlier_cases_below(snap_compare, demo_store):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#input-complainant_name").value = "Luc Maes"
        await pilot.pause(0.4)
        await settle(pilot)
        pilot.app.screen.query_one("#input-title").focus()
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=run_before)
def _woonhaven_case(tmp_path):
    from klachtendesk import clock
    from klachtendesk.store import actions
    from klachtendesk.store.cases import CaseFields, create_case

    store = Store.create(tmp_path / "woonhaven.db", load_preset("woonhaven"), user="An")
    klacht = store.taxonomy.find("types", "Klacht")
    with store.sessions.write() as session:
        case = create_case(session, CaseFields(received=clock.today(), signal_type_id=klacht.id,
                                               title="Lift al drie weken stuk", solved="deels"),
                           user="An", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
    case = actions.set_admissibility(store, case.id, case.version, "An", True)
    case = actions.set_qualification(store, case.id, case.version, "An",
                                     store.taxonomy.find("qualifications", "Deels gegrond").id)
    actions.save_fields(store, case.id, case.version, "An", {"ombudsnorms": ("Redelijke behandeltermijn",)})
    return store


def test_edit_screen_with_the_ombudsnorms(snap_compare, tmp_path):
    """Woonhaven's facts at the end of the form: solved, and the norms to tick."""
    store = _woonhaven_case(tmp_path)

    async def run_before(pilot) -> None:
        await _keys("e", opened="2026-0001", store=store)(pilot)
        pilot.app.screen.query_one("#input-ombudsnorms").focus()
        await settle(pilot)

    assert snap_compare(make_app(store, "An"), terminal_size=SIZE, run_before=run_before)
    store.close()


def test_case_screen_with_its_facts(snap_compare, tmp_path):
    store = _woonhaven_case(tmp_path)

    async def run_before(pilot) -> None:
        await _open("2026-0001", store)(pilot)
        pilot.app.screen.query_one("#details").scroll_end(animate=False)
        await settle(pilot)

    assert snap_compare(make_app(store, "An"), terminal_size=SIZE, run_before=run_before)
    store.close()
