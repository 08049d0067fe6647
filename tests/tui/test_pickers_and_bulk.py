"""Pickers and bulk actions act on what is meant: typing ranks label starts and word starts
before letters inside a word, Enter takes the highlighted row, a bulk action shows the cases
and the new value before it writes, and "bewaard" is only said when something changed."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import Input, OptionList, Static
from tui_support import SIZE, make_app, settle

from klachtendesk.domain.matching import fold, name_matches, ranked
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.dialogs.picker import NONE, Choice, PickerDialog

PEOPLE = [Choice(NONE, "(niemand)"), Choice(1, "Els Peeters"), Choice(2, "Tom Jacobs"),
          Choice(3, "Jan Janssens"), Choice(4, "Anouk Maes")]


def test_label_starts_and_word_starts_come_before_letters_inside_a_word():
    labels = [c.label for c in PEOPLE]
    assert ranked("an", labels, str) == ["Anouk Maes", "(niemand)", "Jan Janssens"]
    assert ranked("ma", labels, str) == ["Anouk Maes", "(niemand)"]
    assert ranked("categorieen", ["Categorieën", "Overig"], str) == ["Categorieën"]
    assert fold("Yılmaz Çelik") == "yilmaz celik"


def test_a_name_matches_in_any_order_in_part_and_without_accents():
    for typed in ("yilmaz", "Fatma Yilmaz", "Yılmaz F.", "YILMAZ fatma", "fat yil"):
        assert name_matches(typed, "Fatma Yilmaz"), typed
        assert name_matches(typed, "Fatma Yılmaz"), typed
    for typed in ("Fatma Peeters", "maz", "f", "yilmaz yilmaz"):
        assert not name_matches(typed, "Fatma Yilmaz"), typed


async def _picked(demo_store, typed: str, choices=PEOPLE, current=2, *, keys=("enter",)):
    app = make_app(demo_store)
    result: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PickerDialog("Behandelaar", choices, current=current), result.append)
        await settle(pilot)
        dialog = app.screen
        for ch in typed:
            await pilot.press(ch)
        await settle(pilot)
        shown = [str(dialog.query_one(OptionList).get_option_at_index(i).prompt)
                 for i in range(dialog.query_one(OptionList).option_count)]
        await pilot.press(*keys)
        await settle(pilot)
    return result[0] if result else "(open)", shown


async def test_typing_an_picks_a_name_not_niemand(demo_store):
    value, shown = await _picked(demo_store, "an")
    assert value == 4  # Anouk Maes, the highlighted one
    assert shown[0] == "Anouk Maes"


async def test_niemand_is_only_picked_by_its_own_name(demo_store):
    without_anouk = PEOPLE[:4]
    value, shown = await _picked(demo_store, "an", without_anouk)
    assert value == 3 and "(niemand)" not in shown  # "an" inside "niemand" does not count
    value, _ = await _picked(demo_store, "niem", without_anouk)
    assert value is NONE


async def test_enter_takes_the_highlighted_row_not_the_current_value(demo_store):
    # Tom Jacobs is the current handler; "ja" starts "Jan Janssens" and a word of "Tom Jacobs".
    value, shown = await _picked(demo_store, "ja", current=2)
    assert shown[:2] == ["Jan Janssens", "Tom Jacobs  ✓ huidige"] and value == 3
    value, _ = await _picked(demo_store, "ja", current=2, keys=("down", "enter"))
    assert value == 2


async def _open(app, pilot, store, reference: str) -> None:
    with store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = :r"), {"r": reference}).scalar()
    app.open_case(case_id)
    await settle(pilot)


def _handler(store, reference: str) -> str | None:
    with store.sessions.read() as session:
        return session.execute(text("SELECT u.name FROM case_file c LEFT JOIN app_user u ON u.id = c.handler_id "
                                    "WHERE c.reference = :r"), {"r": reference}).scalar()


async def test_a_bulk_action_shows_the_cases_and_the_new_value_and_asks_first(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "t")  # 2026-0001 (Els Peeters) and 2026-0002 (Tom Jacobs)
        await pilot.press("semicolon", "enter", "e", "l", "s", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query(Static)[1].render())
        assert "Nieuwe behandelaar: Els Peeters" in question and "voor 2 zaken" in question
        assert "2026-0001  Brandweerwagen blokkeert" in question and "(heeft die al)" in question
        assert "2026-0002  Factuur voor wespennest" in question
        assert _handler(demo_store, "2026-0002") == "Tom Jacobs"  # nothing written yet
        await pilot.press("n")
        await settle(pilot)
        assert _handler(demo_store, "2026-0002") == "Tom Jacobs"
        await pilot.press("semicolon", "enter", "e", "l", "s", "enter", "j")
        await settle(pilot)
        assert _handler(demo_store, "2026-0002") == "Els Peeters"
        messages = [str(n.message) for n in app._notifications]
        assert "1 zaak aangepast. 1 zaak had die behandelaar al." in messages


async def test_a_bulk_action_that_changes_nothing_says_so(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "semicolon", "enter", "e", "l", "s", "enter", "j")  # 2026-0001 is Els's already
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert "Niets gewijzigd: de zaak had die behandelaar al." in messages
        assert not any("aangepast" in m for m in messages)


async def test_saving_the_value_a_case_already_has_is_not_called_saved(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open(app, pilot, demo_store, "2026-0002")  # category Facturatie
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one("#filter", Input).value = "Facturatie"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert "Niets gewijzigd: de zaak had die waarde al." in messages
        assert "Categorie bewaard." not in messages
        await pilot.press("c", "o", "v", "e", "r", "l", "enter")
        await settle(pilot)
        assert "Categorie bewaard." in [str(n.message) for n in app._notifications]
