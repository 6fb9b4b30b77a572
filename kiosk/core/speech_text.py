"""What read aloud says for a page: its HTML cut into sentences, each as it is shown on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Each of these starts and ends a run of text of its own: a heading, a list item, a box title and
# the box's text are read (and highlighted) apart, never run together into one sentence.
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "ul", "ol", "table", "tr",
          "div", "blockquote", "hr"}

# Words whose full stop does not end a sentence (English and Spanish), lower case.
ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "dr.", "dra.", "mr.", "mrs.", "ms.", "sr.", "sra.",
                 "srta.", "vs.", "approx.", "no.", "núm.", "p.", "ej.", "min.", "st.", "ud.",
                 "uds."}

# A sentence ends at . ! ? or … (after any closing quote or bracket), before a space and the next
# sentence's start: a capital, a digit, or Spanish ¿ ¡, or an opening quote.
_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[¿¡\"“‘'(\[]?[A-ZÁÉÍÓÚÑÜ0-9])")


@dataclass(frozen=True)
class Sentence:
    """One thing read aloud: `text` is said; `shown` is where it is on the page (the same words,
    or '' for a picture); `picture` is the picture's file for its alt text."""

    text: str
    shown: str = ""
    picture: str = ""


class _Blocks(HTMLParser):
    """Collects the page's runs of text, and each picture's alt text, in reading order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[Sentence] = []
        self._words: list[str] = []

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._words)).strip()
        self._words = []
        if text:
            self.runs.append(Sentence(text, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._flush()
        elif tag == "br":
            self._words.append(" ")
        elif tag == "img":
            values = dict(attrs)
            alt = re.sub(r"\s+", " ", values.get("alt") or "").strip()
            if alt:
                self._flush()
                self.runs.append(Sentence(alt, "", values.get("src") or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._words.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def split_sentences(text: str) -> list[str]:
    """Cut one run of text into sentences, keeping abbreviations like "e.g." inside theirs."""
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start:match.start()].rsplit(" ", 1)[-1].lower()
        if before in ABBREVIATIONS:
            continue
        pieces.append(text[start:match.start()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def page_sentences(html: str) -> list[Sentence]:
    """The sentences of a rendered page, in reading order; pictures read by their alt text."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    sentences: list[Sentence] = []
    for run in parser.runs:
        if run.picture:
            sentences.append(run)
            continue
        # A piece with no word in it (a lone dash or bullet) gives the engine nothing to say,
        # and some engines then never report that they began or finished it.
        sentences.extend(Sentence(piece, piece) for piece in split_sentences(run.text)
                         if re.search(r"\w", piece))
    return sentences
