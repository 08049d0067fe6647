"""Dates as Belgians type them, labels as registers spell them, text as users paste it."""

from __future__ import annotations

from datetime import date

import pytest

from klachtendesk.domain.dates import format_date, parse_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.labels import label_key
from klachtendesk.domain.text import clean_line, clean_text

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize("text", ["6/6/2023", "06-06-2023", "2023-06-06", "6.6.2023", " 06/06/2023 "])
def test_accepted_date_forms(text):
    assert parse_date(text, today=TODAY) == date(2023, 6, 6)


def test_words_for_today_and_yesterday():
    assert parse_date("vandaag", today=TODAY) == TODAY
    assert parse_date("Gisteren", today=TODAY) == date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2023", "bestaat niet"),
        ("2023-13-01", "bestaat niet"),
        ("6/6/1850", "valt buiten"),
        ("1/1/9999", "valt buiten"),
        ("morgen", "geen datum"),
        ("", "Vul een datum in"),
        ("6/6/23", "geen datum"),
    ],
)
def test_wrong_dates_say_what_is_wrong(text, message):
    with pytest.raises(DomainError, match=message):
        parse_date(text, today=TODAY)


def test_dates_are_shown_in_belgian_form():
    assert format_date(date(2023, 6, 6)) == "6/6/2023"
    assert format_date(None) == ""


def test_labels_match_ignoring_dash_case_and_spaces():
    canonical = label_key("Niet ontvankelijk – onbevoegd")
    assert label_key("niet ontvankelijk - onbevoegd") == canonical
    assert label_key("  NIET ONTVANKELIJK—onbevoegd ") == canonical
    assert label_key("Niet  ontvankelijk -onbevoegd") == canonical
    assert label_key("Ongegrond") != canonical


def test_markup_is_kept_but_escape_sequences_and_controls_are_removed():
    assert clean_text("[b]vet[/b] [@click=app.quit]x[/]") == "[b]vet[/b] [@click=app.quit]x[/]"
    assert clean_text("\x1b[31mrood\x1b[0m") == "rood"
    assert clean_text("\x1b]0;titel\x07tekst") == "tekst"
    assert clean_text("\x1b]52;c;aGFjaw==\x07klembord") == "klembord"
    assert clean_text("a\x00b\x85c") == "abc"
    assert clean_text("abc\u202edef") == "abcdef"
    assert clean_text("e\u0301") == "é"  # NFC
    assert clean_text("\ud800ok") == "ok"
    assert clean_text("regel 1\r\nregel 2") == "regel 1\nregel 2"
    assert clean_line("regel 1\nregel 2") == "regel 1 regel 2"


@pytest.mark.parametrize("multiline", [True, False])
def test_text_taken_as_plain_would_come_out_of_scrubbing_unchanged(multiline):
    """The fast path skips scrubbing only where scrubbing is a no-op: every code point."""
    from klachtendesk.domain.text import _is_plain, _scrub

    for code in [*range(0x10000), 0x1F600, 0xE0001, 0x10FFFF]:
        text = f"a{chr(code)}\nb" if multiline else f"a{chr(code)}b"
        if _is_plain(text, multiline):
            assert _scrub(text, multiline) == text, hex(code)
            # ... and its only whitespace is the space (and kept newlines): see clean_text.
            assert not chr(code).isspace() or chr(code) in (" \n" if multiline else " "), hex(code)


def test_text_too_long_is_refused_with_its_size():
    with pytest.raises(DomainError, match="te lang"):
        clean_line("x" * 301, label="De titel")
    with pytest.raises(DomainError, match="1.000.000 tekens"):
        clean_text("x" * 1_000_000)
