"""One focus marker, the same on every field, box and list: a bar at the left edge that is a
character (seen in 16 colours too), blank where there is no focus; plain tick boxes; the
edit screen does not select the title; the intake works at 80x24."""

from __future__ import annotations

from rich.color import ColorSystem
from sqlalchemy import text
from textual.widgets import Input, OptionList, Select, TextArea
from tui_support import SIZE, make_16_colour_app, make_app, settle

from klachtendesk.tui.dialogs.filters import FilterDialog
from klachtendesk.tui.dialogs.picker import PickerDialog
from klachtendesk.tui.dialogs.text_input import TextDialog
from klachtendesk.tui.screens.edit import EditScreen
from klachtendesk.tui.widgets.case_form import CaseForm
from klachtendesk.tui.widgets.case_list import CaseList
from klachtendesk.tui.widgets.tick_box import TickBox

BAR = "█"  # what a thick left border draws
FIELDS = (Input, Select, TextArea, TickBox, OptionList, CaseList)


def cells(app):
    """Every cell of the screen: (character, style), as the terminal is sent them."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [[(ch, segment.style) for strip in line for segment in strip for ch in segment.text]
            for line in update.strips]


def marker(app, widget) -> tuple[str, object]:
    return cells(app)[widget.region.y][widget.region.x]


def controls(screen):
    return [w for w in screen.query("*") if isinstance(w, FIELDS) and w.display and w.region.area]


def assert_only_focused_is_marked(app) -> None:
    grid = cells(app)
    focused = app.focused
    for widget in controls(app.screen):
        ch = grid[widget.region.y][widget.region.x][0]
        if widget is focused:
            assert ch == BAR, f"{widget!r} has focus but no marker"
        else:
            assert ch == " ", f"{widget!r} has no focus but shows {ch!r}"


async def test_every_field_of_the_intake_shows_the_same_marker_when_it_has_focus(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        seen = set()
        for _ in range(len(controls(app.screen)) + 1):
            assert_only_focused_is_marked(app)
            seen.update(kind for kind in (Input, Select, TextArea, TickBox) if isinstance(app.focused, kind))
            await pilot.press("tab")
            await settle(pilot)
        assert {Input, Select, TextArea, TickBox} <= seen


async def test_lists_and_dialog_fields_show_the_same_marker(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, CaseList)
        assert_only_focused_is_marked(app)
        await pilot.press("slash")
        await settle(pilot)
        assert_only_focused_is_marked(app)  # the search box now, not the list
        await pilot.press("escape", "f")
        await settle(pilot)
        assert isinstance(app.screen, FilterDialog)
        for _ in range(3):
            assert_only_focused_is_marked(app)
            await pilot.press("tab")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(PickerDialog("Kies", []))
        await settle(pilot)
        await pilot.press("tab")  # from the filter to the list
        await settle(pilot)
        assert isinstance(app.focused, OptionList)
        assert_only_focused_is_marked(app)
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(TextDialog("Notitie", multiline=True))
        await settle(pilot)
        assert isinstance(app.focused, TextArea)
        assert_only_focused_is_marked(app)


async def test_the_marker_stands_out_in_a_16_colour_terminal(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        ch, style = marker(app, app.focused)
        fg = style.color.downgrade(ColorSystem.STANDARD)
        bg = style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None
        assert ch == BAR and fg != bg  # a visible block, whatever the 16 colours are


def test_intake_in_16_colours(snap_compare, demo_store):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "tab", "space")  # on the Anoniem box, ticked
        await settle(pilot)

    assert snap_compare(make_16_colour_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_filters_dialog_in_16_colours(snap_compare, demo_store):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f", "tab")
        await settle(pilot)

    assert snap_compare(make_16_colour_app(demo_store), terminal_size=SIZE, run_before=run_before)


async def test_the_anonymous_box_says_ticked_or_not_and_keeps_its_label(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        box = app.screen.query_one(TickBox)

        def line() -> str:
            row = cells(app)[box.region.y]
            return "".join(ch for ch, _ in row[box.region.x:box.region.right])

        assert "[ ] de melder blijft anoniem" in line()
        box.focus()
        await settle(pilot)
        assert "[ ] de melder blijft anoniem" in line()
        label_style = cells(app)[box.region.y][box.region.x + 6][1]
        assert label_style.bgcolor == cells(app)[box.region.y][box.region.right - 1][1].bgcolor
        await pilot.press("space")
        await settle(pilot)
        assert "[x] de melder blijft anoniem" in line()


async def test_the_received_field_does_not_look_focused_when_intake_opens(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen.query_one(CaseForm)
        received, channel = form.query_one("#input-received"), form.query_one("#input-channel_id")
        assert app.focused is channel
        assert marker(app, received)[0] == " "
        grid = cells(app)
        styles = {str(grid[label.region.y][label.region.x][1]) for label in form.query(".row > Label")}
        assert len(styles) == 1  # every label alike: none looks picked out


async def test_the_edit_screen_does_not_select_the_title(demo_store):
    with demo_store.sessions.read() as session:
        case_id = session.execute(text("SELECT id FROM case_file WHERE reference = '2026-0002'")).scalar()
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        title = app.screen.query_one("#input-title", Input)
        assert app.focused is title and title.selection.is_empty
        await pilot.press("!")  # typing adds to the title
        await settle(pilot)
        assert title.value == "Factuur voor wespennest te hoog!"
