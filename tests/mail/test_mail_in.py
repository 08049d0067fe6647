"""`klachtendesk mail` on a corpus shaped like real mailboxes: the right outcome for each file."""

from __future__ import annotations

import mailbox

import pytest
from engine_params import both_engines
from mail_corpus import GMAIL, GMAIL_REPLY, OUTLOOK, SAMPLES, UNREADABLE, mbox, with_big_attachment

from klachtendesk.cli import main

pytestmark = both_engines

DB = ["--db"]


def _run(capsys, store_location, *args):
    # A team server names its login in every event and refuses --user.
    user = [] if str(store_location).startswith("postgresql://") else ["--user", "Els Peeters"]
    code = main(["mail", *map(str, args), "--db", str(store_location), *user])
    out = capsys.readouterr()
    return code, out.out, out.err


def _rows(store_location, sql, *params):
    from trust.trust_helpers import query

    return query(store_location, sql, params)


def _write(folder, samples):
    folder.mkdir(exist_ok=True)
    for sample in samples:
        (folder / sample.name).write_bytes(sample.raw)
    return folder


def test_every_sample_gets_its_outcome(brandweer, store_location, tmp_path, capsys):
    brandweer.close()
    folder = _write(tmp_path / "inbox", SAMPLES)
    code, out, _ = _run(capsys, store_location, folder)
    assert code == 0, out
    lines = {line.split(":", 1)[0]: line for line in out.splitlines() if not line.startswith(" ")}
    for sample in SAMPLES:
        line = lines[sample.name]
        expected = {"new": "nieuwe zaak", "added": "toegevoegd aan zaak"}[sample.outcome]
        assert expected in line, line
    new = [s for s in SAMPLES if s.outcome == "new"]
    assert out.splitlines()[-1] == f"{len(new)} zaken nieuw, 1 toegevoegd aan een zaak, 0 overgeslagen."
    for sample in new:
        reference = lines[sample.name].split("nieuwe zaak ")[1].split(" ")[0]
        (case_id, email, title, description, channel), = _rows(
            store_location, "SELECT c.id, complainant_email, title, description, ch.label FROM case_file AS c "
            "LEFT JOIN channel AS ch ON ch.id = c.channel_id WHERE reference = ?", reference)
        assert email == sample.complainant
        assert channel == "Algemeen e-mailadres"
        if sample.title:
            assert title == sample.title
        for text in sample.description_has:
            assert text in description, (sample.name, description)
        for text in sample.description_lacks:
            assert text not in description, (sample.name, description)
        files = _rows(store_location, "SELECT name, source FROM attachment WHERE case_id = ? ORDER BY id", case_id)
        (messages,), = _rows(store_location, "SELECT count(*) FROM mail_message WHERE case_id = ?", case_id)
        assert [s for _, s in files].count("origineel") == messages, "every message's original is kept"
        assert tuple(n for n, s in files if s == "mail") == sample.files
        if sample.forwarded_by:
            (forwarded_by,), = _rows(store_location, "SELECT forwarded_by FROM mail_message WHERE case_id = ?", case_id)
            assert sample.forwarded_by in forwarded_by
            (note,), = _rows(store_location, "SELECT note FROM event WHERE case_id = ? AND kind = 'created'", case_id)
            assert "doorgestuurd door" in note and sample.forwarded_by in note


def test_the_kept_original_holds_the_full_text_with_the_quotes(brandweer, store_location, tmp_path, capsys):
    brandweer.close()
    folder = _write(tmp_path / "inbox", SAMPLES)
    _run(capsys, store_location, folder)
    (data,), = _rows(store_location, "SELECT a.data FROM attachment AS a JOIN case_file AS c ON c.id = a.case_id "
                     "WHERE a.source = 'origineel' AND c.complainant_email = 'peter.janssens@outlook.com'")
    assert b"Sent: Monday" in data and b"park in front" in data


def test_a_reply_is_added_to_the_case_it_answers(brandweer, store_location, tmp_path, capsys):
    brandweer.close()
    (tmp_path / "1.eml").write_bytes(GMAIL)
    _, out, _ = _run(capsys, store_location, tmp_path / "1.eml")
    reference = out.split("nieuwe zaak ")[1].split(" ")[0]
    (tmp_path / "2.eml").write_bytes(GMAIL_REPLY)
    _, out, _ = _run(capsys, store_location, tmp_path / "2.eml")
    assert f"2.eml: toegevoegd aan zaak {reference}" in out
    # By the reference in the subject alone, without In-Reply-To:
    by_subject = OUTLOOK.replace(b"Subject: Factuur", f"Subject: RE: [{reference}] Factuur".encode())
    (tmp_path / "3.eml").write_bytes(by_subject)
    _, out, _ = _run(capsys, store_location, tmp_path / "3.eml")
    assert f"3.eml: toegevoegd aan zaak {reference}" in out
    assert _rows(store_location, "SELECT count(*) FROM case_file") == [(1,)]
    notes = [n for (n,) in _rows(store_location, "SELECT note FROM event WHERE kind = 'mail_in' ORDER BY id")]
    assert len(notes) == 3 and "factuur 2026-311.pdf" in notes[2]


def test_a_mail_read_before_is_skipped(brandweer, store_location, tmp_path, capsys):
    brandweer.close()
    folder = _write(tmp_path / "inbox", SAMPLES)
    _run(capsys, store_location, folder)
    before = (_rows(store_location, "SELECT count(*) FROM case_file"),
              _rows(store_location, "SELECT count(*) FROM attachment"))
    code, out, _ = _run(capsys, store_location, folder, folder / "gmail.eml")
    assert code == 0
    assert out.count("overgeslagen, al gelezen (zaak ") == len(SAMPLES)
    assert "gmail.eml: overgeslagen, dezelfde mail staat hierboven al" in out
    assert (_rows(store_location, "SELECT count(*) FROM case_file"),
            _rows(store_location, "SELECT count(*) FROM attachment")) == before


@pytest.mark.parametrize("bad", UNREADABLE, ids=lambda s: s.name)
def test_an_unreadable_message_stops_the_run_and_nothing_is_written(brandweer, store_location, tmp_path, capsys, bad):
    brandweer.close()
    folder = _write(tmp_path / "inbox", SAMPLES)
    (folder / bad.name).write_bytes(bad.raw)
    code, out, err = _run(capsys, store_location, folder, *([folder / bad.name] if bad.name.endswith(".msg") else []))
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith(bad.name))
    assert "onleesbaar" in line and bad.notes["reason"] in line
    assert "er is niets ingelezen" in err
    assert _rows(store_location, "SELECT count(*) FROM case_file") == [(0,)]
    assert _rows(store_location, "SELECT count(*) FROM mail_message") == [(0,)]


def test_dry_run_writes_nothing(brandweer, store_location, tmp_path, capsys):
    brandweer.close()
    folder = _write(tmp_path / "inbox", SAMPLES)
    code, out, _ = _run(capsys, store_location, folder, "--dry-run")
    assert code == 0 and "nieuwe zaak" in out and out.rstrip().endswith("(proef: niets geschreven).")
    assert _rows(store_location, "SELECT count(*) FROM case_file") == [(0,)]


def test_mbox_and_maildir(brandweer, store_location, tmp_path, capsys):
    brandweer.close()
    (tmp_path / "archief.mbox").write_bytes(mbox(GMAIL_REPLY, GMAIL))  # the reply first: read in date order
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    maildir.add(OUTLOOK)
    code, out, _ = _run(capsys, store_location, tmp_path / "archief.mbox", tmp_path / "Maildir")
    assert code == 0, out
    assert "archief.mbox, bericht 2: nieuwe zaak" in out
    assert "archief.mbox, bericht 1: toegevoegd aan zaak" in out
    assert "Maildir/" in out and out.count("nieuwe zaak") == 2


def test_a_30_mb_attachment_is_refused_and_the_case_still_made(brandweer, store_location, tmp_path, capsys):
    brandweer.close()
    (tmp_path / "video.eml").write_bytes(with_big_attachment())
    code, out, _ = _run(capsys, store_location, tmp_path / "video.eml")
    assert code == 0
    assert "video.eml: nieuwe zaak" in out
    assert "let op: bijlage 'incident.mp4' (30,0 MB) niet bewaard: groter dan 25 MB" in out
    rows = _rows(store_location, "SELECT name, source, size FROM attachment")
    assert [(name, source) for name, source, _ in rows] == [("e-mail 2026-11-25 1000 tom.hermans@example.org.eml",
                                                             "origineel")]
    assert rows[0][2] < 100_000, "the kept original leaves the large file out"
    (data,), = _rows(store_location, "SELECT data FROM attachment")
    assert b"niet bewaard" in data and b"op het voetpad" in data
    (note,), = _rows(store_location, "SELECT note FROM event WHERE kind = 'mail_in'")
    assert "Niet bewaard: 'incident.mp4' (30,0 MB)" in note


def test_a_missing_path_is_named(brandweer, store_location, tmp_path, capsys):
    brandweer.close()
    code, out, _ = _run(capsys, store_location, tmp_path / "nergens.eml")
    assert code == 1 and "nergens.eml: onleesbaar, bestaat niet." in out
