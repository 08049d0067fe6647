"""The hostile corpus against the domain rules: what each text field stores, and how date,
extension and label fields treat the entries that are hostile to them."""

from __future__ import annotations

from datetime import date

import pytest
from hostile import ESCAPE_PAYLOADS, HOSTILE_STRINGS, hostile_params

from klachtendesk.domain.case_rules import check_received
from klachtendesk.domain.dates import coerce_date
from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import clean_line, clean_text, printable, quote

TODAY = date(2026, 11, 27)


def test_the_corpus_covers_what_the_issue_lists():
    assert len(HOSTILE_STRINGS) >= 60
    assert len({h.id for h in HOSTILE_STRINGS}) == len(HOSTILE_STRINGS)
    prefixes = {h.id.split("-")[0] for h in HOSTILE_STRINGS}
    assert {"markup", "csi", "osc0", "osc8", "osc52", "c1", "nul", "rtl", "emoji", "combining",
            "lone", "one", "date", "days", "label", "formula"} <= prefixes


def _stored(fn, text):
    try:
        return fn(text)
    except DomainError as err:
        assert "te lang" in err.message
        return None


@pytest.mark.parametrize("hostile", hostile_params())
def test_a_text_field_stores_what_the_user_meant(hostile):
    assert _stored(clean_text, hostile.text) == hostile.meant
    assert _stored(clean_line, hostile.text) == hostile.line
    for stored in (hostile.meant, hostile.line):
        if stored is not None:
            assert not any(payload in stored for payload in ESCAPE_PAYLOADS)


@pytest.mark.parametrize("hostile", hostile_params("date"))
def test_a_date_field_accepts_only_real_dates_in_range(hostile):
    def received():
        value = coerce_date(hostile.text, today=TODAY)
        check_received(value, TODAY)
        return value.isoformat()

    if hostile.accepts is None:
        with pytest.raises(DomainError):
            received()
    else:
        assert received() == hostile.accepts


@pytest.mark.parametrize("hostile", hostile_params("label"))
def test_a_label_matches_despite_dash_case_and_width_but_not_look_alikes(brandweer, hostile):
    found = brandweer.taxonomy.find("qualifications", clean_line(hostile.text))
    assert (found.label if found else None) == hostile.accepts


@pytest.mark.parametrize("hostile", hostile_params())
def test_messages_repeat_input_short_and_inert(hostile):
    quoted = quote(hostile.text)
    assert len(quoted) <= 40
    assert not any(ch in quoted for ch in "\x1b\x07\x00\x9b\x9d\u202e\n")
    shown = printable(hostile.text, limit=200)
    assert len(shown) <= 200
    assert all(ch == "\\" or ord(ch) >= 0x20 for ch in shown)
    assert not any(0x7F <= ord(ch) <= 0x9F or 0x202A <= ord(ch) <= 0x202E for ch in shown)
