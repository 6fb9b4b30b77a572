"""Every size and depth limit on what the kiosk reads, in one place (documented in docs/config.md)."""

from __future__ import annotations

# A content pack is written by people, not generated: these are far above any real guide and far
# below what makes the kiosk slow. A file over a limit is refused by itself with a file:line message;
# everything else in the pack still loads.
MAX_CONTENT_FILE_BYTES = 1_000_000  # one guide (.md) or one .yaml file of a pack
MAX_GUIDES = 200  # guide files per language pack (the first 200 by file name load)
MAX_PAGES = 40  # '## ' pages in one guide
MAX_NESTING = 8  # lists and quotes inside each other in a guide body
# Markdown's parser slows down faster than the page grows (20,000 '### ' lines: 74 s; 5,000 '['
# on one line: 13 s; 5,000 '*' in a row: a RecursionError), so each page is bounded too. The
# largest bundled page is 1,255 characters, 20 lines and 28 '*'.
MAX_PAGE_CHARS = 20_000  # one page (the text under one '## ' heading)
MAX_PAGE_LINES = 400
MAX_MARKS_PER_PAGE = 400  # each of [ * _ & ` < | on one page (links, emphasis, entities, code, tables)
MARKS = "[*_&`<|"
MAX_YAML_DEPTH = 16  # lists and maps inside each other in front matter and the pack's .yaml files
MAX_TITLE_CHARS = 120  # a guide title
# Every question is a row on the questions screen (5,000 took 13 s to show); bundled: 31 in 6 topics.
MAX_QUESTIONS = 200
MAX_TOPICS = 20
MAX_TERMS = 300  # glossary terms (bundled: 22)

# The settings file is a short hand-edited TOML file.
MAX_SETTINGS_BYTES = 64 * 1024
MAX_TOML_DEPTH = 8  # arrays and inline tables inside each other
MAX_SETTING_TEXT_CHARS = 200  # clinic_name, printer, logo, ... (printed on every sheet)

# scrypt cost for new PIN hashes, and the most memory one check may use. The kiosk refuses a
# stored hash whose cost it could not verify within MAX_SCRYPT_MEMORY (a staff lock-out).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MAX_SCRYPT_MEMORY = 128 * 1024 * 1024  # allows N=2**16 with r=8 (a later, dearer default)


def scrypt_memory(n: int, r: int, p: int) -> int:
    """Bytes one scrypt check with this cost needs (OpenSSL's own formula, with its slack)."""
    return 128 * r * (n + p + 2) + 1024 * 1024
