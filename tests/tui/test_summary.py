"""The summary screen: opened from the queue, years and typed periods, the fire zone's 2023 figures
on screen (DOMAIN.md §6), the narrative's sentences, export, and user text that stays text."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import text
from tui_support import SIZE, make_app, settle

from klachtendesk import clock
from klachtendesk.presets import load_preset
from klachtendesk.report import compute_summary, report_sections, year_period
from klachtendesk.store.cases import CaseFields, create_case
from klachtendesk.store.database import Store
from klachtendesk.tui.keyboard import palette_commands
from klachtendesk.tui.screens.queue import QueueScreen
from klachtendesk.tui.screens.summary import TABS, SummaryScreen
from klachtendesk.tui.widgets.field_error import FieldError
from klachtendesk.tui.widgets.month_chart import MonthChart
from klachtendesk.tui.widgets.report_table import ReportTableView

ZERO_CATEGORIES = ("Bereikbaarheid", "Deontologie en integriteit", "Facturatie", "Schadegeval",
                   "Wachttijd na oproep", "Bevoegdheidsoverschrijding")  # DOMAIN.md §6: "0 each"


def cells(screen, key: str) -> dict[str, dict[str, str]]:
    """A table as shown: row label -> column header -> cell text ("2023 %" for the "%" after "2023")."""
    header, *rows = screen.query_one(f"#table-{key}", ReportTableView).cell_texts()
    header = [f"{header[i - 1]} %" if label == "%" else label for i, label in enumerate(header)]
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows}


def shown(widget) -> str:
    """What a widget has drawn on the screen, line by line."""
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


def title(screen) -> str:
    return str(screen.query_one("#title").content)


async def open_summary(pilot, years_back: int = 0) -> SummaryScreen:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    for _ in range(years_back):
        await pilot.press("left")
        await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


async def test_s_opens_the_report_year_of_today_and_escape_goes_back(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        assert "Brandweer Zone Antwerpen · 2026 (1/1/2026 tot en met 31/12/2026)" in title(screen)
        assert cells(screen, "types")["Totaal"]["2026"] == "7"
        # Every key of the footer is also a palette command (ctrl+p), and the queue offers the summary.
        names = {name for name, _, _ in palette_commands(screen)}
        assert {"Vorig jaar", "Volgend jaar", "Eigen periode", "Exporteren", "Opnieuw berekenen", "Terug",
                "Tab: Overzicht", "Tab: Verhaal"} <= names
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert "Jaaroverzicht" in {name for name, _, _ in palette_commands(app.screen)}


async def test_2023_equals_the_fire_zones_published_tables(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, years_back=3)
        assert "2023 (1/1/2023 tot en met 31/12/2023)" in title(screen)
        await pilot.press("3")
        await settle(pilot)
        table = cells(screen, "categories")
        columns = ("Aantal", "Gegrond", "Ongegrond", "Betwist", "Niet ontvankelijk – onbevoegd")
        assert [row["Aantal"] for row in table.values()] and set(next(iter(table.values()))) == set(columns)
        assert table["Dienstverlening"] == {"Aantal": "6", "Gegrond": "2", "Ongegrond": "4", "Betwist": "0",
                                            "Niet ontvankelijk – onbevoegd": "0"}
        assert table["Overlast"]["Ongegrond"] == "2" and table["Overlast"]["Aantal"] == "2"
        assert table["Voorbeeldgedrag verkeer"]["Gegrond"] == "2" and table["Voorbeeldgedrag verkeer"]["Betwist"] == "1"
        assert table["Discriminatie"]["Gegrond"] == "1"
        assert table["Overig"]["Niet ontvankelijk – onbevoegd"] == "1"
        for category in ZERO_CATEGORIES:
            assert set(table[category].values()) == {"0"}, category
        assert table["Totaal"] == {"Aantal": "13", "Gegrond": "5", "Ongegrond": "6", "Betwist": "1",
                                   "Niet ontvankelijk – onbevoegd": "1"}
        # Drawn on screen, not only held by the widget.
        drawn = shown(screen.query_one("#table-categories"))
        assert "Dienstverlening" in drawn and "Bevoegdheidsoverschrijding" in drawn

        await pilot.press("4")
        await settle(pilot)
        channels = {label: row["2023"] for label, row in cells(screen, "channels").items()}
        assert channels == {"Algemeen e-mailadres": "7", "Klantenmanagement stad": "2", "Zonecommandant": "2",
                            "Kabinet burgemeester": "1", "Sociale media": "1", "Via ombudsvrouw": "0",
                            "Totaal": "13"}


async def test_the_narrative_reads_like_the_published_chapter(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, years_back=3)
        await pilot.press("9")
        await settle(pilot)
        body = screen.query_one("#body-narrative")
        headings = [shown(static) for static in body.query(".narrative-heading")]
        assert headings[0] == "We kregen in 2023 twee klachten over overlast, allebei ongegrond."
        assert headings[1] == "Zes daarvan hadden betrekking op dienstverlening, waarvan twee gegrond."
        cases = "\n".join(str(static.content) for static in body.query(".narrative-cases"))
        assert "6/6/2023 – Geen nazorg na interventie in zelfde gebouw" in cases
        assert "Extra actie: Een nazorgfolder" in cases


async def test_arrows_switch_years_and_only_the_last_one_asked_shows(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        for key in ("left", "left", "left", "right"):  # no waiting: earlier computations are cancelled
            await pilot.press(key)
        await settle(pilot)
        assert "2024 (1/1/2024 tot en met 31/12/2024)" in title(screen)
        assert "Berekenen" not in title(screen)
        assert list(cells(screen, "types")["Totaal"]) == ["2022", "2022 %", "2023", "2023 %", "2024", "2024 %"]
        assert cells(screen, "types")["Totaal"]["2023"] == "13"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "2023 (1/1/2023" in title(screen)


async def test_a_typed_period_and_a_wrong_one(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#start").value = "1/6/2023"
        dialog.query_one("#end").value = "31/6/2023"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "31/6/2023 bestaat niet" in str(dialog.query_one("#error", FieldError).content)
        dialog.query_one("#end").value = "1/5/2023"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "De einddatum 1/5/2023 ligt vóór de begindatum 1/6/2023." in str(
            dialog.query_one("#error", FieldError).content)

        dialog.query_one("#end").value = "30/6/2023"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "1/6/2023 tot en met 30/6/2023" in title(screen)
        assert cells(screen, "categories")["Totaal"]["Aantal"] == "3"  # two on 6/6, one on 22/6
        # Beside it, the two periods of the same length just before it.
        assert list(cells(screen, "types")["Totaal"])[0] == "2/4/2023–1/5/2023"


async def test_export_writes_the_chosen_format(demo_store, tmp_path):
    app = make_app(demo_store)
    target = tmp_path / "rapport.json"
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot, years_back=3)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#path").value == "jaarrapport-2023.html"
        app.screen.query_one("#format").value = "json"
        await settle(pilot)
        assert app.screen.query_one("#path").value == "jaarrapport-2023.json"
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        report = json.loads(target.read_text(encoding="utf-8"))
        assert report["total"] == 13 and report["by_channel"]["Algemeen e-mailadres"] == 7
        assert any(str(target) in str(n.message) for n in app._notifications)


async def test_hostile_labels_and_titles_are_shown_literally(demo_store):
    label, hostile_title = "[b]vet[/b]", "[@click=app.quit]x[/]"
    with demo_store.sessions.write() as session:
        session.execute(text("UPDATE category SET label = :l WHERE label = 'Overlast'"), {"l": label})
    demo_store.refresh()
    category = demo_store.taxonomy.find("categories", label)
    with demo_store.sessions.write() as session:
        create_case(session, CaseFields(received=clock.today(), signal_type_id=demo_store.taxonomy.types[0].id,
                                        title=hostile_title, description="[red]rood[/red] \\[x] [bold",
                                        category_id=category.id),
                    user="Els Peeters", settings=demo_store.settings, taxonomy=demo_store.taxonomy, now=clock.now())
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        for key in "12345678":
            await pilot.press(key)
            await settle(pilot)
        assert app.is_running
        await pilot.press("3")
        await settle(pilot)
        assert cells(screen, "categories")[label]["Aantal"] == "3"  # two demo cases and the new one
        assert label in shown(screen.query_one("#table-categories"))
        await pilot.press("9")
        await settle(pilot)
        body = screen.query_one("#body-narrative")
        assert f"over {label}" in "\n".join(shown(s) for s in body.query(".narrative-heading"))
        drawn = "\n".join(shown(s) for s in body.query(".narrative-cases"))
        assert f"27/11/2026 – {hostile_title}" in drawn
        assert "[red]rood[/red] \\[x] [bold" in drawn
        # A click on the title would run app.quit if it had been parsed as markup.
        block = next(s for s in body.query(".narrative-cases") if hostile_title in str(s.content))
        line = next(y for y, text in enumerate(shown(block).splitlines()) if hostile_title in text)
        body.scroll_to_widget(block, animate=False, top=True)
        await settle(pilot)
        await pilot.click(block, offset=(16, line))
        await settle(pilot)
        assert app.is_running


def test_every_section_of_the_report_has_its_tab(demo_store):
    period = year_period(demo_store.settings, 2023)
    summary = compute_summary(demo_store, period.start, period.end, clock.today())
    assert [section.key for section in report_sections(summary)] + ["narrative"] == list(TABS)


async def test_entities_per_month_and_the_month_chart(tmp_path):
    store = Store.create(tmp_path / "zorg.db", load_preset("zorgbedrijf"), user="An")
    tax = store.taxonomy
    with store.sessions.write() as session:
        for month, entity in ((1, 0), (1, 1), (3, 1), (3, 1), (3, 2)):
            create_case(session, CaseFields(received=date(2026, month, 10), signal_type_id=tax.types[0].id,
                                            title=f"Zaak in maand {month}", entity_id=tax.entities[entity].id),
                        user="An", settings=store.settings, taxonomy=tax, now=clock.now())
    app = make_app(store, "An")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        await pilot.press("5")
        await settle(pilot)
        entities = cells(screen, "entities")
        assert list(entities["maart 2026"]) == [*(e.label for e in tax.entities), "Totaal"]
        assert list(entities["maart 2026"].values()) == ["0", "2", "1", "3"]
        assert entities["Totaal"]["Totaal"] == "5"
        chart = shown(screen.query_one(MonthChart))
        assert "jan" in chart and "dec" in chart and "█" in chart
        received = next(line for line in chart.splitlines() if line.startswith("Ontvangen"))
        assert received.split()[1:] == ["2", "0", "3", "0", "0", "0", "0", "0", "0", "0", "0", "0"]
    store.close()


def test_long_lists_show_their_start_and_point_to_the_export():
    from klachtendesk.report import Table
    from klachtendesk.report.narrative import CaseText, CategoryText
    from klachtendesk.tui.widgets.report_section import cases_text, shortened

    table = Table("extra_actions", "Extra acties", "Extra acties", ("Referentie",),
                  tuple((f"2026-{i:04d}",) for i in range(250)), note="3 van 250 uitgevoerd.")
    short = shortened(table, 200)
    assert len(short.rows) == 200
    assert short.note == "3 van 250 uitgevoerd. Hier de eerste 200 van 250 rijen; de export (e) bevat ze allemaal."
    assert shortened(short, 200) is short

    category = CategoryText("Overlast", "…", tuple(CaseText(f"1/1/2026 – Zaak {i}", ()) for i in range(25)))
    told = cases_text(category, 30).plain
    assert "Zaak 24" in told
    assert told.endswith("… en nog 5 klachten; de export (e) vertelt ze allemaal.")
    assert not cases_text(category, 25).plain.endswith("allemaal.")


def test_the_screen_tells_the_first_complaints_of_a_category_and_counts_them_all(demo_store):
    from klachtendesk.tui.widgets.report_section import told_narrative

    period = year_period(demo_store.settings, 2023)
    summary = compute_summary(demo_store, period.start, period.end, clock.today())
    story, counts = told_narrative(summary, limit=2)
    assert counts == (2, 6, 1, 3, 1)
    assert [len(category.cases) for category in story.categories] == [2, 2, 1, 2, 1]
    assert story.categories[1].sentence == "Zes daarvan hadden betrekking op dienstverlening, waarvan twee gegrond."


async def test_export_over_an_existing_file_asks_and_replaces_it_once_confirmed(demo_store, tmp_path):
    target = tmp_path / "rapport.json"
    target.write_text("oud", encoding="utf-8")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot, years_back=3)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#format").value = "json"
        await settle(pilot)
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "overschrijven?" in " ".join(str(s.render()) for s in app.screen.query("Static"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert json.loads(target.read_text(encoding="utf-8"))["total"] == 13
