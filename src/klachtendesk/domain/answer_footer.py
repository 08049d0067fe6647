"""The answer footer: a fixed text every final answer of an organisation must include (the
city: the ombudsperson's contact details).

A preset may require one (``answer_footer_required``) without shipping it: contact details
are the organisation's to fill in, never a placeholder. The footer is inserted into every
new draft answer; closing a case whose answer lacks it is refused with what is missing.
"""

from __future__ import annotations

from klachtendesk.domain.errors import DomainError
from klachtendesk.domain.text import quote

#: Where the desk and the CLI let a user fill in a missing footer (for the messages).
HOW_TO_SET = ("in de desk bij het ontwerpantwoord (d) of het antwoord (a) of in de instellingen (i), of met "
              "'klachtendesk footer \"TEKST\"'")


def _words(text: str) -> str:
    return " ".join(text.split())


def new_draft(footer: str) -> str:
    """A new draft answer: room for the answer, then the footer."""
    return f"\n\n{footer}" if footer.strip() else ""


def has_footer(draft: str, footer: str) -> bool:
    """Whether ``draft`` includes ``footer`` (line breaks and spacing may differ)."""
    return not footer.strip() or _words(footer) in _words(draft)


def without_footer(draft: str, footer: str) -> str:
    """The draft with the footer taken out, for a letter that prints the footer in its own
    place ({{voettekst}}): the footer is then not printed twice."""
    if not footer.strip() or footer.strip() not in draft:
        return draft
    head, _, tail = draft.partition(footer.strip())
    return (head.rstrip() + ("\n\n" + tail.strip() if tail.strip() else "")).strip()


def check_footer_set(footer: str, required: bool) -> None:
    if required and not footer.strip():
        raise DomainError(
            "Deze organisatie vraagt in elk antwoord een vaste slottekst (bv. de contactgegevens van "
            f"de ombudsvrouw), maar die is nog niet ingesteld. Stel ze in {HOW_TO_SET}.")


def check_answer(draft: str, footer: str, required: bool) -> None:
    """A final answer is refused when the organisation's footer is missing from it."""
    check_footer_set(footer, required)
    if not has_footer(draft, footer):
        raise DomainError(
            f"Het antwoord mist de vaste slottekst '{quote(footer, limit=70)}'. "
            "Zet ze in het ontwerpantwoord (d) en sluit dan af.")
