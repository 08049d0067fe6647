"""Word letters: the shipped plain templates, a team's own template, filling their fields.

python-docx (MIT) reads and writes the .docx. A field is ``{{naam}}`` anywhere in the
body, a table, a header or a footer; Word often splits typed text over several runs, so a
paragraph is read as one text and written back in its first run's formatting. A field
alone in its paragraph with a value of several lines (the answer) becomes one paragraph per
line, in that paragraph's style.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from copy import deepcopy
from io import BytesIO

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from klachtendesk.domain.errors import DomainError
from klachtendesk.letters.fields import KIND_LABELS, PLACEHOLDER, TEXTS

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Characters XML 1.0 cannot hold (stored text is cleaned already; this guards the document).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _open(data: bytes, what: str = "Het sjabloon"):  # type: ignore[no-untyped-def]
    try:
        return Document(BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise DomainError(f"{what} is geen Word-document (.docx) dat klachtendesk kan lezen ({err}).") from None
    except Exception as err:  # noqa: BLE001 - lxml and zipfile raise many kinds on a damaged file
        raise DomainError(f"{what} is beschadigd of geen .docx ({type(err).__name__}).") from None


def _paragraphs(document) -> Iterator[Paragraph]:  # type: ignore[no-untyped-def]
    yield from _container_paragraphs(document)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part is not None and not part.is_linked_to_previous:
                yield from _container_paragraphs(part)


def _container_paragraphs(container) -> Iterator[Paragraph]:  # type: ignore[no-untyped-def]
    yield from list(container.paragraphs)
    for table in container.tables:
        yield from _table_paragraphs(table)


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    for row in table.rows:
        for cell in row.cells:
            yield from list(cell.paragraphs)
            for inner in cell.tables:
                yield from _table_paragraphs(inner)


def _text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in paragraph.runs)


def template_fields(data: bytes) -> set[str]:
    """The field names a template uses."""
    document = _open(data)
    return {name for p in _paragraphs(document) for name in PLACEHOLDER.findall(_text(p))}


def _xml_safe(value: str) -> str:
    return _NOT_XML.sub("", value)


def render_docx(template: bytes, values: dict[str, str]) -> bytes:
    document = _open(template)
    for paragraph in list(_paragraphs(document)):
        full = _text(paragraph)
        if "{{" not in full or not PLACEHOLDER.search(full):
            continue
        alone = PLACEHOLDER.fullmatch(full.strip())
        if alone is not None:
            lines = _xml_safe(values.get(alone.group(1), "")).split("\n")
            _set_text(paragraph, lines[0])
            anchor = paragraph
            for line in lines[1:]:
                element = deepcopy(paragraph._p)
                anchor._p.addnext(element)
                anchor = Paragraph(element, paragraph._parent)
                _set_text(anchor, line)
            if len(lines) == 1 and not lines[0]:
                _remove(paragraph)  # an empty field alone (no footer): no empty paragraph
            continue
        _set_text(paragraph, _xml_safe(PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), full)))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _set_text(paragraph: Paragraph, text: str) -> None:
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text  # python-docx writes "\n" as a line break
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def _remove(paragraph: Paragraph) -> None:
    element = paragraph._p
    parent = element.getparent()
    if parent is not None and len(parent) > 1:
        parent.remove(element)


def document_text(data: bytes) -> str:
    """All text of a document, paragraph per line (for tests and checks)."""
    return "\n".join(_text(p) for p in _paragraphs(_open(data, "Het document")))


def default_template(kind: str) -> bytes:
    """The shipped template of a kind: plain, Dutch, A4, with every field it needs."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    section = document.sections[0]
    section.page_height, section.page_width = Pt(842), Pt(595)  # A4
    header = section.header.paragraphs[0]
    header.add_run("{{organisatie}}").bold = True
    document.add_paragraph("{{naam}}")
    document.add_paragraph("{{adres}}")
    document.add_paragraph("")
    document.add_paragraph("{{datum}}")
    meta = document.add_paragraph()
    meta.add_run("Ons kenmerk: ").bold = True
    meta.add_run("{{referentie}}")
    subject = document.add_paragraph()
    subject.add_run("Betreft: ").bold = True
    subject.add_run(f"{KIND_LABELS[kind]} – {{{{titel}}}}")
    for block in TEXTS[kind].split("\n\n"):
        document.add_paragraph(block)
    footer = section.footer.paragraphs[0]
    footer.add_run("{{organisatie}} · kenmerk {{referentie}}").font.size = Pt(8)
    out = BytesIO()
    document.core_properties.title = KIND_LABELS[kind]
    document.core_properties.author = "klachtendesk"
    document.save(out)
    return out.getvalue()
