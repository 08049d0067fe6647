"""A corpus of hostile input, for every entry point (CLI import now; intake form, edit
screens and the pseudo-terminal byte check in the desk's tests).

Each entry says what a text field must store (``meant`` for multi-line fields such as the
description, ``line`` for one-line fields such as the title or the complainant's name;
None: refused with a "te lang" message). Entries with ``field`` "date", "days" or "label"
are also hostile in that kind of field, and ``accepts`` is what they must become there
(an ISO date, a number of days, a label of the brandweer preset) or None: refused with a
Dutch reason. "paste" entries are pasted (a bracketed paste from the terminal): ``accepts``
is the text of the one Paste event the desk receives. "name" entries are a preset's
organisation name or label, or ``--user``: ``accepts`` is the name kept, or None: refused
as empty. The expectations are written out by hand: they check ``clean_text``, they
do not restate it.

    from hostile import HOSTILE_STRINGS, hostile_params
    @pytest.mark.parametrize("hostile", hostile_params())
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

_SAME = object()


@dataclass(frozen=True)
class Hostile:
    id: str
    text: str
    meant: str | None  # stored by a multi-line field; None: refused (too long)
    line: str | None  # stored by a one-line field; None: refused (too long)
    field: str = "text"  # also hostile as: "date", "days", "label"
    accepts: str | None = None  # in that field: ISO date / days / label; None: refused


def _h(id: str, text: str, meant: object = _SAME, line: object = _SAME, *, field: str = "text",
       accepts: str | None = None) -> Hostile:
    meant_value = text if meant is _SAME else meant
    line_value = meant_value if line is _SAME else line
    return Hostile(id, text, meant_value, line_value, field, accepts)  # type: ignore[arg-type]


#: Text that exists only inside escape sequences: it must never be stored or reach a terminal.
ESCAPE_PAYLOADS = ("GEHACKT-TITEL", "osc8.invalid", "S0xFTUJPUkQ=", "NOOIT-AFGESLOTEN")

_MANY_LINES = "\n".join(["regel"] * 5000)

HOSTILE_STRINGS: list[Hostile] = [
    # Textual / Rich markup: stored exactly, shown literally (the display layer's job).
    _h("markup-bold", "[b]vet[/b]"),
    _h("markup-close-all", "[/]"),
    _h("markup-click-quit", "[@click=app.quit]sluit af[/]"),
    _h("markup-link", "[link=https://evil.example/]klik hier[/link]"),
    _h("markup-unclosed", "[bold red"),
    _h("markup-escaped", "\\[b]geen vet"),
    _h("markup-style-blink", "[on red blink]alarm[/]"),
    _h("markup-textual-vars", "$accent [b $warning]x[/]"),
    _h("markup-emoji-codes", ":fire: :skull:"),
    _h("markup-html", "<script>alert(1)</script>"),
    _h("markup-backslash-x-text", "\\x1b[31m letterlijk"),
    # Terminal escape sequences: removed whole, the visible text kept.
    _h("csi-colour", "\x1b[31mrood\x1b[0m", "rood"),
    _h("csi-clear-screen", "\x1b[2J\x1b[Hleeg scherm", "leeg scherm"),
    _h("csi-cursor-erase", "regel\x1b[1A\x1b[2Kweg", "regelweg"),
    _h("csi-only", "\x1b[2J", ""),
    _h("osc0-title-bel", "\x1b]0;GEHACKT-TITEL\x07titel", "titel"),
    _h("osc0-title-st", "\x1b]0;GEHACKT-TITEL\x1b\\titel", "titel"),
    _h("osc8-link", "\x1b]8;;https://osc8.invalid/x\x1b\\klik\x1b]8;;\x1b\\", "klik"),
    _h("osc52-clipboard", "\x1b]52;c;S0xFTUJPUkQ=\x07klembord", "klembord"),
    _h("osc-unterminated", "tekst\x1b]0;NOOIT-AFGESLOTEN", "tekst"),
    _h("dcs-string", "\x1bP1$qm\x1b\\na dcs", "na dcs"),
    _h("esc-reset-terminal", "\x1bcreset", "reset"),
    _h("esc-charset", "\x1b(0lqk\x1b(B", "lqk"),
    _h("esc-fill-screen", "\x1b#8vol", "vol"),
    _h("esc-trailing", "einde\x1b", "einde"),
    # C0 and C1 control characters, NUL.
    _h("c1-csi-8bit", "\x9b31mrood", "rood"),
    _h("c1-osc-8bit", "\x9d0;GEHACKT-TITEL\x9ctekst", "tekst"),
    _h("c1-controls", "a\x85b\x8dc\x9cd", "abcd"),
    _h("bel-backspace", "piep\x07\x08\x08\x08\x08weg", "piepweg"),
    _h("nul", "nul\x00byte", "nulbyte"),
    _h("c0-mix", "a\x01b\x02c\x1fd\x7fe", "abcde"),
    _h("vertical-tab-form-feed", "a\x0bb\x0cc", "abc"),
    _h("cr-overwrite", "goedgekeurd\rafgewezen", "goedgekeurd\nafgewezen", "goedgekeurd afgewezen"),
    _h("crlf", "regel 1\r\nregel 2", "regel 1\nregel 2", "regel 1 regel 2"),
    _h("tab", "kolom\tkolom", "kolom\tkolom", "kolom kolom"),
    _h("blank-lines-and-indent", "  inspringen\n  blijft   \n\n\n", "inspringen\n  blijft", "inspringen blijft"),
    _h("whitespace-only", "   \t\n  ", ""),
    # Unicode: bidi overrides removed; real scripts, emoji and marks kept; NFC.
    _h("rtl-override", "factuur\u202egnp.exe", "factuurgnp.exe"),
    _h("rtl-isolates", "a\u2066b\u2069c", "abc"),
    _h("rtl-arabic-text", "شكوى حول الخدمة"),
    _h("emoji-zwj-family", "👩\u200d👩\u200d👧 gezin"),
    _h("emoji-flag-skin-tone", "🇧🇪 👍🏽"),
    _h("combining-decomposed", "Cafe\u0301 Se\u0301bastien", "Café Sébastien"),
    _h("combining-stack", "z\u0351\u0352\u0353a", "z\u0353\u0351\u0352a"),  # NFC orders marks by class
    _h("hangul-jamo", "\u1112\u1161\u11ab", "한"),
    _h("zero-width", "on\u200bzicht\u200dbaar"),
    _h("bom-inside", "\ufeffKlacht", "Klacht"),
    _h("line-separator", "regel\u2028volgende", "regel\nvolgende", "regel volgende"),
    _h("noncharacters", "a\uffffb\ufffec\ufdd0d", "abcd"),
    _h("lone-surrogate-high", "half\ud83d emoji", "half emoji"),
    _h("lone-surrogate-low", "\udca9stuk", "stuk"),
    _h("fullwidth", "Ｋｌａｃｈｔ"),
    _h("homoglyph-cyrillic", "Кlacht"),
    _h("private-use", "\ue000 privé"),
    _h("astral-math", "𝕂𝕝𝕒𝕔𝕙𝕥"),
    _h("ooxml-escape-literal", "_x0041_ blijft _x001B_"),
    # Pasted from a terminal (a bracketed paste): one Paste event, its escape sequences gone,
    # in order. The long form: with Textual's own parser the letters after the ESC became keys.
    _h("paste-reset-long", "x\x1bc" + "abcdefghij" * 6, "x" + "abcdefghij" * 6, field="paste",
       accepts="x" + "abcdefghij" * 6),
    _h("paste-name-scrambled", "Jan \x1bcPeeters\x1b[31m rood", "Jan Peeters rood", field="paste",
       accepts="Jan Peeters rood"),
    _h("paste-osc52-clipboard", "\x1b]52;c;S0xFTUJPUkQ=\x07klembord", "klembord", field="paste",
       accepts="klembord"),
    _h("paste-osc8-link", "\x1b]8;;https://osc8.invalid/\x1b\\klik\x1b]8;;\x1b\\ hier", "klik hier",
       field="paste", accepts="klik hier"),
    _h("paste-start-marker-inside", "a\x1b[200~b", "ab", field="paste", accepts="ab"),
    _h("paste-c1-csi", "\x9b31mrood\x07", "rood", field="paste", accepts="rood"),
    _h("paste-lines", "regel 1\r\nregel 2\rregel 3", "regel 1\nregel 2\nregel 3", "regel 1 regel 2 regel 3",
       field="paste", accepts="regel 1\nregel 2\nregel 3"),
    # A preset's organisation name or label, or --user: cleaned as typed text is.
    _h("name-osc-title", "Zone \x1b]0;GEHACKT-TITEL\x07Antwerpen\x1b[31m", "Zone Antwerpen", field="name",
       accepts="Zone Antwerpen"),
    _h("name-reset-inside", "Els\x1bc Peeters", "Els Peeters", field="name", accepts="Els Peeters"),
    _h("name-spacing-bidi", "  Els  Peeters\u202e ", "Els  Peeters", "Els Peeters", field="name",
       accepts="Els Peeters"),
    _h("name-blank", "   ", "", field="name"),
    _h("name-only-escapes", "\x1b[31m\x07\x1b]0;GEHACKT-TITEL\x07", "", field="name"),
    _h("name-c1-csi-alone", "\x9b", "", field="name"),
    # Sizes: a text field holds 100,000 characters, a one-line field 300.
    _h("one-megabyte", "x" * 1_000_000, None, None),
    _h("text-limit-plus-one", "y" * 100_001, None, None),
    _h("text-limit", "z" * 100_000, line=None),
    _h("line-limit-plus-one", "t" * 301, line=None),
    _h("line-limit", "a" * 300),
    _h("many-lines", _MANY_LINES, line=None),
    # Dates: impossible, out of range, in the future, or text.
    _h("date-31-february", "31/02/2023", field="date"),
    _h("date-30-february-iso", "2023-02-30", field="date"),
    _h("date-far-future", "1/1/9999", field="date"),
    _h("date-future-in-range", "1/1/2199", field="date"),
    _h("date-before-1900", "31/12/1899", field="date"),
    _h("date-year-zero", "0000-01-01", field="date"),
    _h("date-excel-serial", "45083", field="date"),
    _h("date-formula", "=TODAY()", field="date"),
    _h("date-word-yesterday", "gisteren", field="date", accepts="2026-11-26"),
    _h("date-day-first", "6/6/2023", field="date", accepts="2023-06-06"),
    # Extension days.
    _h("days-negative", "-5", field="days"),
    _h("days-huge", "99999999999999999999", field="days"),
    _h("days-fraction", "2,5", field="days"),
    _h("days-text", "tien", field="days"),
    # Labels that differ only by dash, case, spacing or width match; look-alikes do not.
    _h("label-en-dash", "Niet ontvankelijk – onbevoegd", field="label", accepts="Niet ontvankelijk – onbevoegd"),
    _h("label-hyphen-upper", "NIET ONTVANKELIJK - ONBEVOEGD", field="label", accepts="Niet ontvankelijk – onbevoegd"),
    _h("label-em-dash", "niet ontvankelijk—onbevoegd", field="label", accepts="Niet ontvankelijk – onbevoegd"),
    _h("label-minus-sign", "niet ontvankelijk \u2212 onbevoegd", field="label",
       accepts="Niet ontvankelijk – onbevoegd"),
    _h("label-non-breaking-hyphen", "niet ontvankelijk\u2011onbevoegd", field="label",
       accepts="Niet ontvankelijk – onbevoegd"),
    _h("label-spacing", "  Niet   ontvankelijk -onbevoegd ", "Niet   ontvankelijk -onbevoegd",
       "Niet ontvankelijk -onbevoegd", field="label", accepts="Niet ontvankelijk – onbevoegd"),
    _h("label-fullwidth", "ＧＥＧＲＯＮＤ", field="label", accepts="Gegrond"),
    _h("label-with-escape", "Gegrond\x1b[0m", "Gegrond", field="label", accepts="Gegrond"),
    _h("label-cyrillic-lookalike", "Nіet ontvankelijk – onbevoegd", field="label"),
    # Spreadsheet formulas (OWASP CSV injection): stored as typed, neutralised on export.
    _h("formula-equals", '=HYPERLINK("https://evil.example","klik")'),
    _h("formula-plus", "+32 3 123 45 67"),
    _h("formula-minus", "-2+3"),
    _h("formula-at", "@SUM(A1:A9)"),
    _h("formula-dde", "=cmd|' /C calc'!A0"),
    _h("formula-quoted", "'=al beschermd"),
    _h("formula-after-tab", "\t=1+1", "=1+1"),
    _h("formula-after-cr", "\r=1+1", "=1+1"),
    # Text that breaks naive code elsewhere.
    _h("sql-injection", "'); DROP TABLE case_file;--"),
    _h("fts-syntax", 'NEAR(a b) OR "x" AND *'),
    _h("format-strings", "{0} %s %(name)s {title!r}"),
    _h("path-traversal", "../../etc/passwd"),
    _h("none-word", "None"),
    _h("json-breaker", '"},{"x":'),
    _h("xml-entities", "&amp; <![CDATA[x]]> &#27;"),
]


def hostile_params(field: str | None = None) -> list:  # type: ignore[type-arg]
    """``pytest.param`` per entry, with its id; only those hostile in ``field`` when given."""
    return [pytest.param(h, id=h.id) for h in HOSTILE_STRINGS if field is None or h.field == field]
