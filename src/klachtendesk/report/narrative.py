"""The report's sentences: the chapter's opening lines and the narrative per category.

The narrative reads like the published chapters: an opening sentence with the year's
complaints, then per category a heading sentence with the count and outcomes in words
("We kregen in 2023 twee klachten over overlast, allebei ongegrond." and "Zes daarvan
hadden betrekking op dienstverlening, waarvan twee gegrond."), then each
complaint: its date and title, the complainant's account, the investigation, the
qualification and any extra action. Categories without complaints are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from klachtendesk.domain.dates import format_date
from klachtendesk.report.dutch import capitalise, join, lower_first, number, split_label
from klachtendesk.report.period import Period
from klachtendesk.report.summary import MISSING, PENDING, CategoryCases, ComplaintCase, Summary

#: The narrative's section title in the chapter.
NARRATIVE_TITLE = "De klachten in detail"

#: Qualifications that read as an adjective after "De klacht is ...".
_ADJECTIVES = ("gegrond", "ongegrond", "deels", "betwist", "niet", "nog")


@dataclass(frozen=True)
class CaseText:
    heading: str  # "6/6/2023 – Geen nazorg na interventie in zelfde gebouw"
    paragraphs: tuple[tuple[str, str], ...]  # (lead-in label or "", text)


@dataclass(frozen=True)
class CategoryText:
    category: str
    sentence: str
    cases: tuple[CaseText, ...]


@dataclass(frozen=True)
class Narrative:
    intro: str
    categories: tuple[CategoryText, ...]


def complaints_noun(n: int) -> str:
    return "klacht" if n == 1 else "klachten"


def outcome_words(label: str) -> str:
    """A qualification inside a sentence: "niet ontvankelijk (onbevoegd)", "gegrond"."""
    if label == PENDING:
        return "nog in behandeling"
    head, tail = split_label(label)
    return f"{lower_first(head)} ({tail})" if tail else lower_first(head)


def _outcomes_clause(outcomes: tuple[tuple[str, int], ...], n: int, first: bool) -> str:
    """How the heading sentence continues after the category: ", allebei ongegrond"."""
    if n == 1:
        label = outcomes[0][0]
        verb = "is" if label == PENDING else "was"
        return f", die {outcome_words(label)} {verb}" if first else f" en {verb} {outcome_words(label)}"
    if len(outcomes) == 1:
        everyone = "allebei" if n == 2 else f"alle {number(n)}"
        return f", {everyone} {outcome_words(outcomes[0][0])}"
    # Every qualification that occurs is named ("waarvan twee gegrond en één betwist"); as in the
    # published chapters, the unfounded ones are the rest left unsaid once a founded one is named
    # ("Zes daarvan hadden betrekking op dienstverlening, waarvan twee gegrond.").
    named = list(outcomes)
    if any(_founded(label) for label, _ in named):
        named = [(label, count) for label, count in named if not _unfounded(label)]
    return ", waarvan " + join([f"{number(count)} {outcome_words(label)}" for label, count in named])


def _head(label: str) -> str:
    return split_label(label)[0].lower() if label != PENDING else ""


def _founded(label: str) -> bool:
    return _head(label).startswith(("gegrond", "deels gegrond"))


def _unfounded(label: str) -> bool:
    return _head(label).startswith("ongegrond")


def category_sentence(section: CategoryCases, period: Period, *, first: bool) -> str:
    """The heading sentence of one category; ``first`` for the first category of the narrative."""
    n = section.count
    clause = _outcomes_clause(section.outcomes, n, first)
    if first:
        about = "zonder categorie" if section.category == MISSING else f"over {lower_first(section.category)}"
        return f"We kregen {period.phrase} {number(n)} {complaints_noun(n)} {about}{clause}."
    verb = "had" if n == 1 else "hadden"
    about = "geen categorie" if section.category == MISSING else f"betrekking op {lower_first(section.category)}"
    return f"{capitalise(number(n))} daarvan {verb} {about}{clause}."


def qualification_sentence(label: str) -> str:
    """"De klacht is gegrond.", "De klacht is niet ontvankelijk: onbevoegd."."""
    if not label:
        return "De klacht is nog in behandeling."
    head, tail = split_label(label)
    if head.split()[0].lower() not in _ADJECTIVES:
        return f"Eindkwalificatie: {label}."
    return f"De klacht is {lower_first(head)}{': ' + tail if tail else ''}."


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def extra_action_text(case: ComplaintCase) -> str:
    done = f"Uitgevoerd op {format_date(case.extra_action_done)}." if case.extra_action_done \
        else "Nog niet uitgevoerd."
    return f"{_sentence(case.extra_action)} {done}"


def case_text(case: ComplaintCase) -> CaseText:
    paragraphs: list[tuple[str, str]] = []
    if case.description.strip():
        paragraphs.append(("Klacht", case.description.strip()))
    if case.motivation.strip():
        paragraphs.append(("Onderzoek", case.motivation.strip()))
    paragraphs.append(("", qualification_sentence(case.qualification)))
    if case.extra_action.strip():
        paragraphs.append(("Extra actie", extra_action_text(case)))
    return CaseText(f"{format_date(case.received)} – {case.title}", tuple(paragraphs))


def complaints_per_period(summary: Summary) -> tuple[int, ...]:
    """Complaints received in each period of the summary (the report period last)."""
    kinds = set(summary.complaint_types)
    return tuple(sum(row[p] for label, row in zip(summary.by_type.labels, summary.by_type.counts, strict=True)
                     if label in kinds) for p in range(len(summary.by_type.periods)))


def comparison(summary: Summary) -> str:
    """"Dat zijn er vijf meer dan in 2022.": the complaints beside the period before, when the
    store holds cases of that period (a store begun this year has nothing to compare with)."""
    if len(summary.by_type.periods) < 2 or not summary.by_type.totals[-2]:
        return ""
    per_period = complaints_per_period(summary)
    now, before = per_period[-1], per_period[-2]
    previous = summary.by_type.periods[-2]
    then = f"in {previous.label}" if previous.year is not None else "in de periode ervoor"
    difference = now - before
    if difference == 0:
        return f"Dat zijn er evenveel als {then}." if now != 1 else f"Dat is er evenveel als {then}."
    more = "meer" if difference > 0 else "minder"
    n = abs(difference)
    return f"Dat {'is' if n == 1 else 'zijn'} er {number(n)} {more} dan {then} ({number(before)})."


def ombudsperson_sentence(summary: Summary) -> str:
    """The complaints that came via the ombudsperson, counted apart."""
    n = summary.via_ombudsperson[-1] if summary.via_ombudsperson else 0
    if not n:
        return ""
    return f"{capitalise(number(n))} daarvan {'kwam' if n == 1 else 'kwamen'} via de ombudspersoon binnen."


def narrative_intro(summary: Summary) -> str:
    n = summary.categories.total
    amount = "geen klachten" if n == 0 else f"in totaal {number(n)} {complaints_noun(n)}"
    sentences = [f"{capitalise(summary.period.phrase)} kregen we {amount}.", comparison(summary)]
    if n:
        sentences.append(ombudsperson_sentence(summary))
    return " ".join(s for s in sentences if s)


def narrative(summary: Summary) -> Narrative:
    return Narrative(
        intro=narrative_intro(summary),
        categories=tuple(
            CategoryText(
                section.category,
                category_sentence(section, summary.period, first=i == 0),
                tuple(case_text(case) for case in section.cases),
            )
            for i, section in enumerate(summary.narrative)
        ),
    )


def report_title(summary: Summary) -> str:
    """"Eerstelijnsrapport 2023": the chapter's subtitle, under the organisation's name."""
    return f"Eerstelijnsrapport {summary.period.label}"


def overview_text(summary: Summary) -> str:
    """The chapter's first paragraph: the period and what came in."""
    total, complaints = summary.total, summary.categories.total
    text = f"De rapportperiode loopt van {summary.period.span}. "
    if total == 0:
        return text + "In die periode kwamen er geen zaken binnen."
    verb, noun = ("kwam", "zaak") if total == 1 else ("kwamen", "zaken")
    text += f"In die periode {verb} er {number(total)} {noun} binnen"
    if complaints == total:
        return text + (": een klacht." if total == 1 else ", allemaal klachten.")
    if complaints == 0:
        return text + ", waarvan geen klachten."
    return text + f", waarvan {number(complaints)} {complaints_noun(complaints)}."
