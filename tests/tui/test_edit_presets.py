"""Editing a case saves on every shipped preset, whatever optional field is left empty."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk import clock
from klachtendesk.presets import load_preset, preset_names
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.edit import EditScreen


def _store_with_a_case(tmp_path, preset: str) -> tuple[Store, int]:
    store = Store.create(tmp_path / f"{preset}.db", load_preset(preset), user="Els Peeters")
    signal_type = store.taxonomy.types[0]
    with store.sessions.write() as session:
        case = create_case(session, CaseFields(received=date(2026, 11, 20), signal_type_id=signal_type.id,
                                               title="Een zaak"),
                           user="Els Peeters", settings=store.settings, taxonomy=store.taxonomy, now=clock.now())
        return store, case.id  # type: ignore[return-value]


@pytest.mark.parametrize("preset", preset_names())
async def test_editing_with_empty_optional_fields_saves(tmp_path, preset):
    store, case_id = _store_with_a_case(tmp_path, preset)
    try:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.open_case(case_id)
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, EditScreen)
            app.screen.query_one("#input-title").value = "Een andere titel"
            await pilot.press("ctrl+s")
            await settle(pilot)
            errors = [str(n.message) for n in app._notifications if n.severity == "error"]
            assert errors == []
            assert isinstance(app.screen, CaseScreen)
        with store.sessions.read() as session:
            title, line = session.execute(text("SELECT title, line FROM case_file WHERE id = :i"),
                                          {"i": case_id}).one()
        assert (title, line) == ("Een andere titel", "")
    finally:
        store.close()
