"""The desk on a team server as an onthaal login: the queue holds her entity's cases (and
those without an entity) only, the year summary is refused, and she works under her login."""

from __future__ import annotations

import pytest
from engine_params import postgresql_only
from roles.team_support import ANTWERPEN, Team
from tui_support import SIZE, settle

from klachtendesk.tui.app import KlachtendeskApp
from klachtendesk.tui.screens.queue import QueueScreen
from klachtendesk.tui.widgets.case_list import CaseList

pytestmark = postgresql_only


@pytest.fixture
def team(store_locations):
    team = Team(store_locations())
    yield team
    team.close()


async def test_onthaal_sees_her_entitys_cases_only_and_no_year_summary(team):
    anna = team.add("anna", "onthaal", ANTWERPEN)
    store = team.open_as(anna)
    app = KlachtendeskApp(store.location, user=None, login="anna", store=store, alerts_on_start=False,
                          start_tasks=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen) and app.desk is not None and app.desk.user == anna
        cases = app.screen.query_one(CaseList)
        titles = {cases.row_at(i).title for i in range(cases.total)}
        assert titles == {"Wachttijd in Antwerpen", "Algemene vraag"}
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert [n.message for n in app._notifications] == [
            "Je rol (onthaal) geeft geen toegang tot het jaarverslag en de export."]
