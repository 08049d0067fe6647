"""The organisation's own tables on the summary screen (tab 2): readable at 120 columns, a wide
table scrolling sideways, ← and → switching years only where no table has focus."""

from __future__ import annotations

from datetime import date

import pytest
from tui_support import SIZE, make_app, settle

from klachtendesk import clock
from klachtendesk.presets import load_preset, preset_names
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.tui.screens.summary import SummaryScreen
from klachtendesk.tui.widgets.bar_chart import TableChart
from klachtendesk.tui.widgets.report_section import WideTable
from klachtendesk.tui.widgets.report_table import ReportTableView


async def _chapter(pilot, years_back: int = 0) -> SummaryScreen:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    for _ in range(years_back):
        await pilot.press("left")
        await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SummaryScreen)
    return pilot.app.screen


def _year(screen: SummaryScreen) -> int | None:
    return screen.period.year


async def test_the_fire_zones_keyword_table_on_screen(demo_store):
    async with make_app(demo_store).run_test(size=SIZE) as pilot:
        screen = await _chapter(pilot, years_back=3)
        header, *rows = screen.query_one("#table-chapter-trefwoord_kwalificatie", ReportTableView).cell_texts()
        assert header == ["Trefwoord", "n", "Gegrond", "Ongegrond", "Niet ontvankelijk – onbevoegd", "Betwist"]
        assert rows[1] == ["Dienstverlening", "6", "2", "4", "0", "0"]
        assert rows[-1] == ["Totaal", "13", "5", "6", "1", "1"]
        assert [w.id for w in screen.query(WideTable)] == []  # it fits


def _store(tmp_path, preset: str) -> Store:
    store = Store.create(tmp_path / f"{preset}.db", load_preset(preset), user="An")
    tax = store.taxonomy
    with store.sessions.write() as session:
        for signal_type in tax.types:
            create_case(session, CaseFields(received=date(2026, 3, 10), signal_type_id=signal_type.id,
                                            title="Een zaak", entity_id=tax.entities[-1].id if tax.entities else None,
                                            channel_id=tax.channels[0].id if tax.channels else None),
                        user="An", settings=store.settings, taxonomy=tax, now=clock.now())
    return store


@pytest.mark.parametrize("preset", [p for p in preset_names() if load_preset(p).tables])
async def test_every_chapter_table_is_readable_at_120_columns(tmp_path, preset):
    store = _store(tmp_path, preset)
    async with make_app(store, "An").run_test(size=SIZE) as pilot:
        screen = await _chapter(pilot)
        views = [v for v in screen.query(ReportTableView) if v.id and v.id.startswith("table-chapter-")]
        wide = list(screen.query(WideTable))
        assert len(views) + len(wide) == len(store.chapter)
        page = screen.query_one("#body-chapter")
        for view in views:  # drawn within the page, nothing cut off on the right
            assert view.region.right <= page.region.right, view.id
        for table in wide:  # within the page too, its figures scrolling sideways under fixed labels
            assert table.region.right <= page.region.right and table.max_scroll_x > 0, table.id
            assert table.label_width <= 44
        for view in [*views, *wide]:
            header = view.cell_texts()[0]
            assert all(label for label in header[1:]), view.id
        charts = list(screen.query(TableChart))
        assert len(charts) == sum(1 for t in store.chapter if t.chart)
    store.close()


async def test_a_wide_table_takes_the_arrows_only_while_it_has_focus(tmp_path):
    store = _store(tmp_path, "politie")
    async with make_app(store, "An").run_test(size=SIZE) as pilot:
        screen = await _chapter(pilot)
        year = _year(screen)
        wide = screen.query_one("#wide-chapter-klachten_trefwoord", WideTable)
        assert wide.virtual_size.width > wide.size.width  # wider than the screen: it scrolls
        await pilot.press("enter")
        await settle(pilot)
        assert screen.focused is wide
        await pilot.press("right", "right")
        await settle(pilot)
        assert wide.scroll_x == 16 and _year(screen) == year
        shown = [wide.render_line(y).text for y in range(wide.size.height)]
        heading = next(line for line in shown if "Trefwoord" in line)
        assert heading.lstrip().startswith("Trefwoord")  # the labels stay while the figures move
        assert "Gegrond" not in heading and "Gegrond –" in wide.cell_texts()[0][1]
        await pilot.press("escape")
        await settle(pilot)
        assert screen.focused is not wide and isinstance(pilot.app.screen, SummaryScreen)
        await pilot.press("right")
        await settle(pilot)
        assert _year(screen) == year + 1
    store.close()


async def test_a_preset_without_tables_says_how_to_add_them(tmp_path):
    from textual.widgets import Static

    store = _store(tmp_path, "algemeen")
    async with make_app(store, "An").run_test(size=SIZE) as pilot:
        screen = await _chapter(pilot)
        texts = [str(w.content) for w in screen.query_one("#body-chapter").query(Static)]
        assert any("beschrijft geen eigen tabellen" in text and "[[tables]]" in text for text in texts)
    store.close()
