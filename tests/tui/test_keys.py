"""One declaration per key (tui/keys.py): bindings, key bar, help, palette and the README
agree; Belgian AZERTY keys work; a keymap file gives ids other keys, or is set aside with a
Dutch line naming the wrong entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from textual.widgets import Input
from tui_support import SIZE, make_app, settle

from klachtendesk.tui import keys
from klachtendesk.tui.keyboard import bar, help_rows, palette_commands
from klachtendesk.tui.keymap import Keymap, load, parse
from klachtendesk.tui.screens.case import CaseScreen
from klachtendesk.tui.screens.help import HelpScreen
from klachtendesk.tui.screens.queue import QueueScreen
from klachtendesk.tui.screens.summary import SummaryScreen
from klachtendesk.tui.widgets.key_bar import KeyBar

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_key_tables_are_the_declared_keys():
    assert keys.readme_text() in README.read_text(encoding="utf-8"), \
        "README out of date: python -m klachtendesk.tui.keys README.md"


def test_the_readmes_example_keymap_is_a_valid_keymap():
    import tomllib

    readme = README.read_text(encoding="utf-8")
    start = readme.index("```toml\n# keymap.toml") + len("```toml\n")
    block = readme[start:readme.index("```", start)]
    assert parse(tomllib.loads(block)) == {"queue.search": "slash,z,f3", "queue.new_case": "n,insert",
                                           "queue.view_all": "7,è,0", "case.qualify": "K"}


def test_every_id_is_unique_and_every_screen_binds_exactly_its_table():
    from klachtendesk.tui.dialogs.base import Dialog
    from klachtendesk.tui.dialogs.confirm import ConfirmDialog
    from klachtendesk.tui.dialogs.link import LinkDialog
    from klachtendesk.tui.dialogs.picker import PickerDialog
    from klachtendesk.tui.screens.edit import EditScreen
    from klachtendesk.tui.screens.first_run import FirstRunScreen
    from klachtendesk.tui.screens.intake import IntakeScreen
    from klachtendesk.tui.widgets.case_list import CaseList

    ids = [k.id for k in keys.all_keys()]
    assert len(ids) == len(set(ids))
    for owner, table in [(QueueScreen, keys.QUEUE), (CaseList, keys.CASE_LIST), (IntakeScreen, keys.INTAKE),
                         (EditScreen, keys.EDIT), (CaseScreen, keys.CASE), (SummaryScreen, keys.SUMMARY),
                         (Dialog, keys.DIALOG), (ConfirmDialog, keys.CONFIRM), (PickerDialog, keys.PICKER),
                         (HelpScreen, keys.HELP), (FirstRunScreen, keys.FIRST_RUN), (LinkDialog, keys.PICKER)]:
        bound = {b.id for b in owner.BINDINGS}  # type: ignore[union-attr]
        assert bound == {k.id for k in table.keys}, owner.__name__
        for key in table.keys:  # the screen has the action each key runs
            action = key.action.split("(")[0]
            if "." not in action:
                assert hasattr(owner, f"action_{action}"), key.id


async def test_the_key_bar_shows_the_unshifted_twins_and_no_textual_defaults(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one(KeyBar).render())
        for shown in ("⏎ Openen", "n Nieuw", "/ z Zoeken", "? F1 Toetsen", "; b Bulkactie", "^p Palet"):
            assert shown in line
        # The search box takes `?` and `z` as letters: the bar then shows what still works.
        await pilot.press("slash")
        await settle(pilot)
        shown = {entry.key.id: entry.text for entry in bar(app.screen)}
        assert shown["queue.help"] == "F1"
        assert "queue.search" not in shown


async def test_help_lists_every_key_once_and_question_mark_once(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for screen in (app.screen,):
            rows = help_rows(screen)
            assert [k for k, _ in rows].count("? F1") == 1
            assert not [k for k, _ in rows if "?" in k and k != "? F1"]
            listed = [key for k, _ in rows for key in k.split(" ")]
            assert len(listed) == len(set(listed))  # no key twice
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("Static").render())
        assert shown.count("Alle toetsen van dit scherm") == 1
        assert "1 &" in shown and "6 §" in shown and "j ↓" in shown
        await pilot.press("f1")  # closes it again
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_the_palette_offers_every_key_of_the_screen_by_its_label(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = {name for name, _, _ in palette_commands(app.screen)}
        wanted = {k.label for t in (keys.QUEUE, keys.CASE_LIST, keys.APP) for k in t.keys if k.palette}
        assert wanted <= names
        help_of = {name: help_text for name, help_text, _ in palette_commands(app.screen)}
        assert help_of["Zoeken"].endswith("(/ of z)")


@pytest.mark.parametrize(("key", "view"), [("ampersand", "open"), ("é", "mine"), ("quotation_mark", "overdue"),
                                           ("apostrophe", "due_soon"), ("left_parenthesis", "unacknowledged"),
                                           ("section_sign", "closed"), ("è", "all")])
async def test_azerty_digit_keys_switch_the_queue_views(demo_store, key, view):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7" if view == "open" else "1")
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert app.screen.query_state.view == view


async def test_azerty_digit_keys_pick_the_summary_sections(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        tabs = app.screen.query_one("TabbedContent")
        for key, section in (("è", "admissibility"), ("exclamation_mark", "extra_actions"), ("ç", "narrative"),
                             ("é", "chapter"), ("ampersand", "overview")):
            await pilot.press(key)
            await settle(pilot)
            assert tabs.active == section


async def test_unshifted_twins_search_bulk_and_help(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).has_focus
        await pilot.press("escape", "t", "b")
        await settle(pilot)
        assert app.screen.title_text.startswith("Bulkactie")  # the bulk action's first question
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_a_keymap_gives_ids_other_keys_everywhere_they_show(demo_store):
    app = make_app(demo_store, keymap=Keymap(parse({"queue": {"search": "f3", "new_case": ["n", "insert"]}})))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one(KeyBar).render())
        assert "F3 Zoeken" in line and "n Insert Nieuw" in line
        assert ("F3", "Zoek in titel, omschrijving, melder of referentie") in help_rows(app.screen)
        await pilot.press("slash")  # no longer the search
        await settle(pilot)
        assert not app.screen.query_one("#search", Input).has_focus
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).has_focus
        await pilot.press("escape", "insert")
        await settle(pilot)
        assert type(app.screen).__name__ == "IntakeScreen"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "keymap.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ('[queue]\nzoeken = "z"\n', "'queue.zoeken' is geen toets-id van klachtendesk"),
    ('[queue]\nnew_case = "z"\n', "queue.new_case: 'z' is al de toets van queue.search"),
    ('[case]\nqualify = "sup"\n', "case.qualify: 'sup' is geen toets"),
    ('[case]\nqualify = 3\n', "case.qualify: geef een toets als tekst"),
    ('[case\nqualify = "K"\n', "geen geldig TOML-bestand"),
])
def test_a_wrong_keymap_is_set_aside_naming_the_entry(tmp_path, body, message):
    keymap = load(_write(tmp_path, body))
    assert keymap.keys == {}
    assert message in keymap.problem
    assert keymap.problem.endswith("De desk gebruikt zijn eigen toetsen.")


def test_the_keymap_file_is_looked_for_in_the_config_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "klachtendesk").mkdir()
    _write(tmp_path / "klachtendesk", '[queue]\nsearch = "f3"\n')
    assert load().keys == {"queue.search": "f3"}
    assert load(tmp_path / "elders.toml").problem.startswith("Toetsenbestand")  # --keymap must exist


async def test_with_a_bad_keymap_the_desk_starts_with_its_own_keys_and_says_why(demo_store, tmp_path):
    keymap = load(_write(tmp_path, '[queue]\nnew_case = "z"\n'))
    app = make_app(demo_store, keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("queue.new_case: 'z' is al de toets van queue.search" in m for m in messages)
        await pilot.press("z")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).has_focus


def test_the_desk_command_takes_a_keymap_file(monkeypatch, tmp_path):
    import klachtendesk.tui.app as tui_app
    from klachtendesk.cli import main

    seen = {}

    def fake_run_app(path, *, user, login_user, keymap_path=None):
        seen["keymap"] = keymap_path
        return 0

    monkeypatch.setattr(tui_app, "run_app", fake_run_app)
    assert main(["--db", str(tmp_path / "x.db"), "--keymap", str(tmp_path / "mijn.toml")]) == 0
    assert seen["keymap"] == tmp_path / "mijn.toml"


async def test_case_screen_keys_from_its_table_reach_their_dialogs(demo_store):
    with demo_store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = '2026-0002'")).scalar()
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        line = str(app.screen.query_one(KeyBar).render())
        assert "k Kwalificatie" in line and "? F1 Toetsen" in line
        names = {name for name, _, _ in palette_commands(app.screen)}
        assert {k.label for k in keys.CASE.keys} <= names
