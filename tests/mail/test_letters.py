"""Letters and e-mail drafts out, read back: what the complainant would receive."""

from __future__ import annotations

import email
import sqlite3
from email import policy
from io import BytesIO

import pytest
from docx import Document
from mail_corpus import GMAIL

from klachtendesk.cli import main
from klachtendesk.letters.docx_letter import default_template, document_text
from klachtendesk.presets import load_preset
from klachtendesk.store import actions
from klachtendesk.store.database import Store


def cli(capsys, store_path, *args):
    code = main([*map(str, args), "--db", str(store_path), "--user", "Els Peeters"])
    out = capsys.readouterr()
    return code, out.out + out.err


def _from_mail(capsys, store, store_path, tmp_path) -> str:
    store.close()
    (tmp_path / "in.eml").write_bytes(GMAIL)
    _, out = cli(capsys, store_path, "mail", tmp_path / "in.eml")
    return out.split("nieuwe zaak ")[1].split(" ")[0]


def _case(store, reference):
    with store.sessions.read() as session:
        from klachtendesk.store.cases import find_by_reference

        return find_by_reference(session, reference)


def test_acknowledgement_as_email_draft_answers_the_complainants_mail(brandweer, store_path, tmp_path, capsys):
    reference = _from_mail(capsys, brandweer, store_path, tmp_path)
    code, out = cli(capsys, store_path, "letter", reference, "--kind", "ontvangstmelding",
                    "-o", tmp_path / "ack.eml", "--sent")
    assert code == 0, out
    draft = email.message_from_bytes((tmp_path / "ack.eml").read_bytes(), policy=policy.default)
    assert draft["X-Unsent"] == "1"
    assert draft["To"].addresses[0].addr_spec == "sofie.wuyts@gmail.com"
    assert draft["Subject"] == f"[{reference}] Ontvangstmelding: Ladderwagen met draaiende motor"
    assert draft["In-Reply-To"] == "<CAF3kd8Zt9p=QmE1xW@mail.gmail.com>"
    body = draft.get_body().get_content()
    assert "Geachte Sofie Wuyts," in body and f"kenmerk {reference}" in body and "31/12/2026" in body
    assert (tmp_path / "ack.eml").stat().st_mode & 0o777 == 0o600
    assert "Ontvangstmelding genoteerd als verstuurd op 27/11/2026" in out
    store = Store.open(store_path)
    case = _case(store, reference)
    assert str(case.acknowledged) == "2026-11-27"
    with sqlite3.connect(store_path) as db:
        kinds = db.execute("SELECT l.kind, l.format, a.source FROM letter l JOIN attachment a ON a.id = "
                           "l.attachment_id").fetchall()
        out_id = db.execute("SELECT message_id FROM mail_message WHERE direction = 'out'").fetchone()[0]
    assert kinds == [("ontvangstmelding", "eml", "brief")]
    assert draft["Message-ID"] == out_id, "a reply to the draft finds its case"
    store.close()


def test_answer_as_word_letter_with_the_city_footer(tmp_path, capsys):
    path = tmp_path / "stad.db"
    store = Store.create(path, load_preset("stad"), user="Els Peeters")
    store.close()
    (tmp_path / "in.eml").write_bytes(GMAIL)
    _, out = cli(capsys, path, "mail", tmp_path / "in.eml")
    reference = out.split("nieuwe zaak ")[1].split(" ")[0]
    store = Store.open(path)
    case = _case(store, reference)
    case = actions.set_admissibility(store, case.id, case.version, "Els Peeters", True)
    case = actions.write_draft(store, case.id, case.version, "Els Peeters",
                               "We hebben de chauffeur aangesproken.\nHet zal niet meer gebeuren.")
    store.close()
    code, out = cli(capsys, path, "letter", reference, "--kind", "antwoord", "--format", "docx",
                    "-o", tmp_path / "antwoord.docx")
    assert code == 1 and "slottekst" in out, "the city's footer must be set before the first answer"
    footer = "Niet tevreden? Neem contact op met de ombudsvrouw, ombudsvrouw@antwerpen.be."
    assert cli(capsys, path, "footer", footer)[0] == 0
    store = Store.open(path)
    case = _case(store, reference)
    case = actions.write_draft(store, case.id, case.version, "Els Peeters",
                               "We hebben de chauffeur aangesproken.\nHet zal niet meer gebeuren.\n\n" + footer)
    store.close()
    code, out = cli(capsys, path, "letter", reference, "--kind", "antwoord", "--format", "docx",
                    "-o", tmp_path / "antwoord.docx")
    assert code == 0, out
    document = Document(BytesIO((tmp_path / "antwoord.docx").read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "We hebben de chauffeur aangesproken." in paragraphs and "Het zal niet meer gebeuren." in paragraphs
    assert paragraphs.count(footer) == 1, "the footer in the draft is not printed twice"
    assert "Sofie Wuyts" in paragraphs and f"Ons kenmerk: {reference}" in paragraphs
    assert not any("{{" in p for p in paragraphs)


def test_a_team_template_without_the_required_footer_is_refused(tmp_path, capsys):
    path = tmp_path / "stad.db"
    Store.create(path, load_preset("stad"), user="Els").close()
    document = Document(BytesIO(default_template("antwoord")))
    for paragraph in document.paragraphs:
        if "{{voettekst}}" in paragraph.text:
            paragraph.text = "Huisstijl zonder ombudsvrouw"
    document.save(tmp_path / "huisstijl.docx")
    code, out = cli(capsys, path, "template", "antwoord", tmp_path / "huisstijl.docx")
    assert code == 1
    assert "mist het veld {{voettekst}}" in out and "ombudsvrouw" not in out.split("mist")[0]
    code, out = cli(capsys, path, "template", "antwoord", "--export", tmp_path / "standaard.docx")
    assert code == 0 and "{{voettekst}}" in document_text((tmp_path / "standaard.docx").read_bytes())


def test_a_team_template_in_house_style_is_used(brandweer, store_path, tmp_path, capsys):
    reference = _from_mail(capsys, brandweer, store_path, tmp_path)
    document = Document()
    document.add_paragraph("HUISSTIJL Brandweer · kenmerk {{referentie}}")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Aan"
    # A field typed in two runs, as Word often stores it.
    cell = table.cell(0, 1).paragraphs[0]
    cell.add_run("{{na")
    cell.add_run("am}}")
    document.save(tmp_path / "eigen.docx")
    code, out = cli(capsys, store_path, "template", "ontvangstmelding", tmp_path / "eigen.docx")
    assert code == 0, out
    code, out = cli(capsys, store_path, "letter", reference, "--kind", "ontvangstmelding", "--format", "docx",
                    "-o", tmp_path / "brief.docx")
    assert code == 0, out
    text = document_text((tmp_path / "brief.docx").read_bytes())
    assert f"HUISSTIJL Brandweer · kenmerk {reference}" in text and "Sofie Wuyts" in text


def test_zorgbedrijf_answer_names_both_approvers_and_is_refused_before(tmp_path, capsys):
    path = tmp_path / "zorg.db"
    store = Store.create(path, load_preset("zorgbedrijf"), user="Els")
    store.close()
    (tmp_path / "in.eml").write_bytes(GMAIL)
    _, out = cli(capsys, path, "mail", tmp_path / "in.eml")
    reference = out.split("nieuwe zaak ")[1].split(" ")[0]
    store = Store.open(path)
    steps = store.settings.approvals
    case = _case(store, reference)
    case = actions.set_admissibility(store, case.id, case.version, "Els", True)
    case = actions.write_draft(store, case.id, case.version, "Els", "Ons antwoord.")
    case = actions.approve(store, case.id, case.version, "Jan Leidinggevende", steps[0])
    store.close()
    code, out = cli(capsys, path, "letter", reference, "--kind", "antwoord")
    assert code == 1 and f"Het antwoord is nog niet goedgekeurd: {steps[1]}." in out
    store = Store.open(path)
    case = _case(store, reference)
    actions.approve(store, case.id, case.version, "An Directeur", steps[1])
    store.close()
    code, out = cli(capsys, path, "letter", reference, "--kind", "antwoord", "--format", "docx",
                    "-o", tmp_path / "a.docx")
    assert code == 0, out
    text = document_text((tmp_path / "a.docx").read_bytes())
    assert f"Jan Leidinggevende ({steps[0].lower()})" in text
    assert f"An Directeur ({steps[1].lower()})" in text


def test_an_answer_without_draft_and_an_email_without_address_are_refused(brandweer, store_path, capsys):
    from klachtendesk import clock
    from klachtendesk.store.cases import CaseFields, create_case

    with brandweer.sessions.write() as session:
        create_case(session, CaseFields(received=clock.today(), signal_type_id=brandweer.taxonomy.types[0].id,
                                        title="Per brief"), user="Els", settings=brandweer.settings,
                    taxonomy=brandweer.taxonomy, now=clock.now())
    brandweer.close()
    code, out = cli(capsys, store_path, "letter", "2026-0001", "--kind", "antwoord")
    assert code == 1 and "Er is nog geen ontwerpantwoord" in out
    code, out = cli(capsys, store_path, "letter", "2026-0001", "--kind", "ontvangstmelding", "--format", "eml")
    assert code == 1 and "De melder heeft geen e-mailadres" in out
    code, out = cli(capsys, store_path, "letter", "2026-0001", "--kind", "ontvangstmelding")
    assert code == 0 and "brief '2026-0001 ontvangstmelding.docx'" in out, "no address: a letter by default"
    code, out = cli(capsys, store_path, "letter", "2026-9999", "--kind", "ontvangstmelding")
    assert code == 1 and "Er is geen zaak met referentie 2026-9999" in out


def test_dossier_is_one_self_contained_printable_file(brandweer, store_path, tmp_path, capsys):
    reference = _from_mail(capsys, brandweer, store_path, tmp_path)
    cli(capsys, store_path, "letter", reference, "--kind", "ontvangstmelding")
    code, out = cli(capsys, store_path, "dossier", reference, "-o", tmp_path / "dossier.html")
    assert code == 0, out
    html = (tmp_path / "dossier.html").read_text()
    assert f"<h1>Dossier {reference}: Ladderwagen met draaiende motor</h1>" in html
    for heading in ("Feiten", "Melder", "Klacht", "Behandeling", "Brieven en e-mails", "Bijlagen", "Tijdlijn"):
        assert f"<h2>{heading}</h2>" in html
    assert "Lange Leemstraat" in html and "ontvangstmelding.eml" in html and "@page" in html
    assert "<script" not in html and "src=" not in html and "http" not in html.replace("http-equiv", "")


@pytest.mark.parametrize("kind", ["ontvangstmelding", "antwoord", "afsluiting"])
def test_shipped_templates_hold_the_fields_their_kind_requires(kind):
    from klachtendesk.letters.docx_letter import template_fields
    from klachtendesk.letters.fields import Rules, check_fields

    check_fields(kind, template_fields(default_template(kind)), Rules(footer="x", approvals=("a",)))
