"""The year summary: every table of the annual report, one tab per section, for one period.

The figures are computed in a thread worker (SQL aggregates in report/compute.py) and
posted back; switching to another year cancels a computation still running, and a late
result for a period no longer asked for is dropped.
"""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane, Tabs
from textual.worker import get_current_worker

from klachtendesk.domain.dates import MAX_YEAR, MIN_YEAR
from klachtendesk.report import Narrative, Period, Section, Summary, compute_summary, report_sections
from klachtendesk.report.export import export_report
from klachtendesk.report.period import year_period
from klachtendesk.tui import keys
from klachtendesk.tui.dialogs.confirm import ConfirmDialog
from klachtendesk.tui.dialogs.export import ExportDialog
from klachtendesk.tui.dialogs.period import PeriodDialog
from klachtendesk.tui.progress import StatusProgress
from klachtendesk.tui.safe import notify_plain, user_text
from klachtendesk.tui.widgets.bars import StatusBar
from klachtendesk.tui.widgets.key_bar import KeyBar
from klachtendesk.tui.widgets.report_section import SectionView, told_narrative
from klachtendesk.tui.widgets.wide_table import WideTable

#: The tabs: a section of report_sections() each, then the narrative.
TABS = {
    "overview": "Overzicht",
    "chapter": "Hoofdstuk",
    "categories": "Categorieën",
    "channels": "Kanalen",
    "months": "Maanden",
    "timeliness": "Tijdigheid",
    "admissibility": "Ontvankelijk",
    "extra_actions": "Extra acties",
    "narrative": "Verhaal",
}
TAB_KEYS = tuple(TABS)
COMPUTING = "Berekenen…"


class SummaryScreen(Screen[None]):
    BINDINGS = keys.SUMMARY.bindings()
    KEYS = ((keys.WIDE_TABLE, "WideTable:focus"), (keys.SUMMARY, None))

    DEFAULT_CSS = """
    SummaryScreen #title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    SummaryScreen #sections { height: 1fr; }
    SummaryScreen #sections > ContentSwitcher { height: 1fr; }
    SummaryScreen TabPane { height: 1fr; padding: 0; }
    SummaryScreen TabPane.-computing { opacity: 50%; }
    """

    class Computed(Message):
        def __init__(self, summary: Summary, sections: tuple[Section, ...], story: Narrative,
                     counts: tuple[int, ...]) -> None:
            super().__init__()
            self.summary, self.sections, self.story, self.counts = summary, sections, story, counts

    class Overview(Message):
        """The first section, computed before the rest (a big year's other figures take longer)."""

        def __init__(self, summary: Summary, section: Section) -> None:
            super().__init__()
            self.summary, self.section = summary, section

    class Failed(Message):
        def __init__(self, period: Period, error: str) -> None:
            super().__init__()
            self.period, self.error = period, error

    def __init__(self, period: Period | None = None) -> None:
        super().__init__()
        desk = self.desk
        self.period = period or year_period(desk.settings, desk.settings.report_year_of(desk.today()))
        self.summary: Summary | None = None

    @property
    def desk(self):  # type: ignore[no-untyped-def]
        return self.app.desk  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield StatusBar(self.desk.settings.organisation, self.desk.user)
        yield Static(id="title")
        with TabbedContent(id="sections"):
            for number, (key, label) in enumerate(TABS.items(), 1):
                with TabPane(f"{number} {label}", id=key):
                    yield SectionView(id=f"body-{key}")
        yield KeyBar()

    def on_mount(self) -> None:
        # Left and right belong to the years here; tabs go with tab, shift+tab and 1 to 8.
        self.query_one(Tabs).can_focus = False
        self._focus_body()
        for body in self.query(SectionView):
            body.mount(Static(COMPUTING))
        self.compute()

    # -- computing ---------------------------------------------------------------------------

    def compute(self, *, reread: bool = False) -> None:
        """Compute the period's figures; ``reread``: first read labels another terminal may have changed."""
        self.summary = None
        self._show_title(COMPUTING)
        for pane in self.query(TabPane):
            pane.add_class("-computing")
        self._compute(self.period, reread)

    @work(thread=True, exclusive=True, group="summary")
    def _compute(self, period: Period, reread: bool) -> None:
        try:
            if reread:
                self.desk.store.refresh()
            store, today = self.desk.store, self.desk.today()
            # The overview first: it counts a few index ranges, the rest reads the year's cases.
            first = compute_summary(store, period.start, period.end, today, full=False, overview_only=True)
            if get_current_worker().is_cancelled:
                return
            self.post_message(self.Overview(first, report_sections(first)[0]))
            summary = compute_summary(store, period.start, period.end, today)
            result = self.Computed(summary, report_sections(summary), *told_narrative(summary))
        except Exception as err:  # noqa: BLE001 - shown to the user; the screen stays usable
            self.post_message(self.Failed(period, getattr(err, "message", str(err))))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(result)

    @on(Overview)
    async def _show_overview(self, message: Overview) -> None:
        period = message.summary.period
        if (period.start, period.end) != (self.period.start, self.period.end) or self.summary is not None:
            return  # a period the user has already left, or the whole summary is there already
        await self.query_one(f"#body-{message.section.key}", SectionView).show_section(message.section)
        self.query_one(f"TabPane#{message.section.key}").remove_class("-computing")

    @on(Computed)
    async def _show(self, message: Computed) -> None:
        if (message.summary.period.start, message.summary.period.end) != (self.period.start, self.period.end):
            return  # a period the user has already left
        self.summary = message.summary
        for section in message.sections:
            months = message.summary.months.rows if section.key == "months" else ()
            await self.query_one(f"#body-{section.key}", SectionView).show_section(section, months)
        await self.query_one("#body-narrative", SectionView).show_narrative(message.story, message.counts)
        if self.summary is message.summary:  # no other period was asked for while these mounted
            for pane in self.query(TabPane):
                pane.remove_class("-computing")
            self._show_title()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if message.period == self.period:
            for pane in self.query(TabPane):
                pane.remove_class("-computing")
            self._show_title("niet berekend")
            notify_plain(self.app, message.error, severity="error", timeout=12)

    def _show_title(self, state: str = "") -> None:
        period = self.period
        text = f"Jaaroverzicht · {self.desk.settings.organisation} · "
        text += f"{period.year} ({period.span})" if period.year is not None else period.span
        if state:
            text += f" · {state}"
        self.query_one("#title", Static).update(user_text(text, single_line=True))

    # -- periods -----------------------------------------------------------------------------

    def show_period(self, period: Period) -> None:
        self.period = period
        self.compute()

    def action_year(self, step: int) -> None:
        """The report year before or after the one shown (or the one a typed period starts in)."""
        settings = self.desk.settings
        year = settings.report_year_of(self.period.start) + step
        if not MIN_YEAR <= year < MAX_YEAR:
            return
        self.show_period(year_period(settings, year))

    @work(exclusive=True, group="summary-dialog")
    async def action_period(self) -> None:
        period = await self.app.push_screen_wait(PeriodDialog(self.desk.settings, self.period))
        if period is not None:
            self.show_period(period)

    def action_recompute(self) -> None:
        self.compute(reread=True)

    # -- tabs and scrolling ------------------------------------------------------------------

    def action_show_tab(self, key: str) -> None:
        self.query_one(TabbedContent).active = key
        self._focus_body()

    def key_label(self, key: keys.Key) -> str | None:
        """The tab keys by the name of the tab they show (tui/keyboard.py)."""
        if key.id.startswith("summary.tab_"):
            number = int(key.id.removeprefix("summary.tab_"))
            if number <= len(TAB_KEYS):
                return f"Tab: {TABS[TAB_KEYS[number - 1]]}"
        return None

    def action_show_tab_number(self, number: int) -> None:
        if 1 <= number <= len(TAB_KEYS):
            self.action_show_tab(TAB_KEYS[number - 1])

    def action_tab(self, step: int) -> None:
        active = self.query_one(TabbedContent).active
        index = TAB_KEYS.index(active) if active in TAB_KEYS else 0
        self.action_show_tab(TAB_KEYS[(index + step) % len(TAB_KEYS)])

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self._focus_body()

    def _body(self) -> SectionView:
        return self.query_one(f"#body-{self.query_one(TabbedContent).active or TAB_KEYS[0]}", SectionView)

    def _focus_body(self) -> None:
        self._body().focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ← and → switch years, unless a wide table has focus: then they scroll it sideways.
        if action == "year" and isinstance(self.focused, WideTable):
            return False
        return True

    def action_focus_table(self) -> None:
        """Focus the next table wider than the screen on this page (← and → then scroll it)."""
        tables = list(self._body().query(WideTable))
        if not tables:
            notify_plain(self.app, "Op deze pagina is geen tabel breder dan het scherm.", timeout=4)
            return
        current = self.focused
        index = tables.index(current) + 1 if isinstance(current, WideTable) and current in tables else 0
        target = tables[index % len(tables)]
        target.focus()
        target.scroll_visible(animate=False)

    def action_scroll(self, lines: int) -> None:
        self._body().scroll_relative(y=lines, animate=False)

    def action_scroll_edge(self, end: bool) -> None:
        body = self._body()
        if end:
            body.scroll_end(animate=False)
        else:
            body.scroll_home(animate=False)

    # -- export, back, help ------------------------------------------------------------------

    @work(exclusive=True, group="summary-dialog")
    async def action_export(self) -> None:
        summary = self.summary
        if summary is None:
            notify_plain(self.app, "Het overzicht wordt nog berekend; probeer zo meteen opnieuw.", severity="warning")
            return
        period = summary.period
        stem = f"jaarrapport-{period.year}" if period.year is not None \
            else f"jaarrapport-{period.start.isoformat()}-{period.end.isoformat()}"
        target = await self.app.push_screen_wait(ExportDialog(stem))
        if target is None:
            return
        replace = target.path.exists()
        if replace and not await self.app.push_screen_wait(
                ConfirmDialog("Bestand bestaat al", f"{target.path} overschrijven?")):
            return
        progress = StatusProgress(self.app, f"Rapport exporteren ({target.fmt})")
        progress(0, 0)
        try:
            # Confirmed above: the shared writer may replace the file (never the store's own).
            await asyncio.to_thread(export_report, self.desk.store, summary, target.fmt, target.path,
                                    user=self.desk.user, force=replace, progress=progress)
        except OSError as err:
            notify_plain(self.app, f"Kan {target.path} niet schrijven: {err.strerror or err}.", severity="error")
            return
        except Exception as err:  # noqa: BLE001 - e.g. the store is locked for the export's log entry
            notify_plain(self.app, f"Exporteren mislukt: {getattr(err, 'message', err)}", severity="error")
            return
        finally:
            progress.done()
        notify_plain(self.app, f"Rapport {period.label} ({target.fmt}) geschreven naar {target.path}.",
                     title="Geëxporteerd")

    def action_back(self) -> None:
        self.dismiss()
