"""HTML-only mail as plain text: paragraphs and line breaks kept, scripts and styles out.

Only the standard library's HTMLParser: mail HTML is small, and nothing of it is ever shown
as HTML; what comes out is text like any other (cleaned by ``domain.text`` afterwards).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "head", "title", "template", "noscript", "xml"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "blockquote", "table", "tr", "ul", "ol",
          "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "address", "center", "dl", "dt", "dd"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" [{alt}] ")
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag == "p" else "\n")
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self._skipping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag == "p" else "\n")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._pre:
            data = re.sub(r"[ \t\r\n\f\u00a0]+", " ", data)
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; whatever it could read is kept
        pass
    text = "".join(parser.parts).replace("\u00a0", " ")
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
