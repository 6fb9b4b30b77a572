"""What read aloud says: a page's HTML as separate sentences, headings, list items, boxes, pictures."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.content import load_library
from kiosk.core.render import RenderCache
from kiosk.core.speech_text import Sentence, page_sentences, split_sentences

REPO = Path(__file__).resolve().parents[2]

BOXED_LIST = (
    "<h2>Before your visit</h2>"
    "<table class='box box-tip' width='100%'><tr><td class='bar bar-tip' width='10'> </td>"
    "<td class='box-body box-tip'><p class='box-title box-title-tip'>Bring these</p>"
    "<ul><li>your medicines</li><li>a list of questions</li></ul></td></tr></table>"
    "<p>Ask about <a class='term' href='term:acute-pain'>acute pain</a>. It helps, e.g. at "
    "night. Dr. Lee says so.</p>"
)


def test_headings_box_titles_and_list_items_are_separate_sentences():
    """Ensure a boxed list is read as its title and each item, never as one run-on sentence."""
    assert [s.text for s in page_sentences(BOXED_LIST)] == [
        "Before your visit", "Bring these", "your medicines", "a list of questions",
        "Ask about acute pain.", "It helps, e.g. at night.", "Dr. Lee says so."]


def test_each_sentence_is_the_text_shown_on_the_page():
    """Ensure every sentence (not a picture) keeps the words as shown, for the highlight."""
    assert all(s.shown == s.text and not s.picture for s in page_sentences(BOXED_LIST))


def test_a_picture_is_read_by_its_alt_text_in_its_place():
    """Ensure a picture is read where it stands, by its alt text, naming its file."""
    html = ("<p>First.</p><p class='picture'><img alt='A timeline of pain.' "
            "src='illustrations/t.svg'></p><p>Last.</p>")
    assert page_sentences(html) == [
        Sentence("First.", "First."), Sentence("A timeline of pain.", "", "illustrations/t.svg"),
        Sentence("Last.", "Last.")]


def test_spanish_questions_and_exclamations_start_sentences():
    """Ensure Spanish ¿...? and ¡...! split into sentences with their opening marks."""
    assert split_sentences("Hable con su médico. ¿Le duele de noche? ¡Dígalo! Es real.") == [
        "Hable con su médico.", "¿Le duele de noche?", "¡Dígalo!", "Es real."]


def test_a_piece_with_no_words_is_not_read():
    """Ensure a lone dash or symbol is left out, so the engine is never given nothing to say."""
    assert [s.text for s in page_sentences("<p>—</p><ul><li>•</li><li>Rest.</li></ul>")] == ["Rest."]


def test_entities_and_spaces_read_as_plain_words():
    """Ensure HTML entities and runs of white space become the plain text the page shows."""
    assert [s.text for s in page_sentences("<p>Pain &amp;   sleep.\n  It is &quot;real&quot;.</p>")] \
        == ["Pain & sleep.", 'It is "real".']


def test_every_bundled_page_reads_as_sentences_without_markup():
    """Ensure every page of every bundled guide gives sentences, none with tags or run-ons."""
    for lang in ("en", "es"):
        library, _ = load_library(REPO / "content" / lang, REPO / "assets")
        cache = RenderCache(library)
        for guide in library.guides:
            for page in cache.pages(guide.slug):
                sentences = page_sentences(page.html)
                assert sentences, (lang, guide.slug, page.slug)
                for sentence in sentences:
                    assert "<" not in sentence.text and ">" not in sentence.text
                    assert len(sentence.text) < 400, (guide.slug, sentence.text)
