"""Colours, type sizes and style sheets for the app chrome and for guide pages, in every theme."""

from __future__ import annotations

from dataclasses import dataclass

# Text sizes a patient can step through with A- and A+: 100% to 200%.
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
BASE_BODY_PX = 28  # body text at 1080 lines: readable at arm's length in a waiting room
MIN_BODY_PX = 19
WIDTH_BASIS = 1080  # a portrait screen (or a narrow window) sizes type by its width
TOUCH_MIN_PX = 56  # primary touch targets: about 12 mm on a 22" 1080p screen


@dataclass(frozen=True)
class Theme:
    """Every colour the app uses. Body text is at least 7:1 against its background."""

    name: str
    window: str
    text: str
    muted: str  # secondary text, at least 4.5:1 on window
    heading: str
    link: str
    term: str
    toolbar: str
    toolbar_text: str
    button: str
    button_text: str
    button_border: str
    primary: str
    primary_text: str
    tile: str
    tile_border: str
    focus: str
    disabled: str  # a disabled button: its own quiet look, text still 4.5:1
    disabled_text: str
    disabled_border: str
    pressed: str  # a button's background while a finger is on it
    pressed_text: str
    tile_pressed: str  # a topic tile's background while a finger is on it
    overlay: str  # the dimmed backdrop behind popups (with alpha)
    card: str
    notice: str
    notice_text: str
    boxes: dict[str, tuple[str, str]]  # kind -> (background, accent bar)


NORMAL = Theme(
    name="normal",
    window="#FAFAF7",
    text="#1F2933",
    muted="#3E4C59",
    heading="#0B4A5E",
    link="#0B4F8A",
    term="#1F2933",  # glossary words: the text's colour, dotted underline (set by the reader)
    toolbar="#0F3D4C",
    toolbar_text="#FFFFFF",
    button="#FFFFFF",
    button_text="#0F3D4C",
    button_border="#5A7684",
    primary="#0F5F73",
    primary_text="#FFFFFF",
    tile="#FFFFFF",
    tile_border="#C9D3D9",
    focus="#1D5FA8",
    disabled="#E4E7EB",
    disabled_text="#4B5563",
    disabled_border="#E4E7EB",
    pressed="#DCE3E8",
    pressed_text="#0F3D4C",
    tile_pressed="#DCE3E8",
    overlay="rgba(15, 30, 40, 160)",
    card="#FFFFFF",
    notice="#FFF4DC",
    notice_text="#1F2933",
    boxes={
        "note": ("#E8F1FB", "#1D5FA8"),
        "tip": ("#E7F5EC", "#1E7B45"),
        "warning": ("#FFF4DC", "#B45309"),
        "danger": ("#FDEBEC", "#B42318"),
        "evidence": ("#F1ECFA", "#5B3AA0"),
    },
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    window="#000000",
    text="#FFFFFF",
    muted="#FFFFFF",
    heading="#FFFF00",
    link="#7FDBFF",
    term="#FFFF00",
    toolbar="#000000",
    toolbar_text="#FFFFFF",
    button="#000000",
    button_text="#FFFF00",
    button_border="#FFFF00",
    primary="#FFFF00",
    primary_text="#000000",
    tile="#000000",
    tile_border="#FFFFFF",
    focus="#00FFFF",
    disabled="#000000",
    disabled_text="#B3B3B3",
    disabled_border="#555555",
    pressed="#FFFF00",
    pressed_text="#000000",
    tile_pressed="#3A3A3A",
    overlay="rgba(0, 0, 0, 220)",
    card="#000000",
    notice="#000000",
    notice_text="#FFFF00",
    boxes={
        "note": ("#000000", "#FFFFFF"),
        "tip": ("#000000", "#FFFFFF"),
        "warning": ("#000000", "#FFFF00"),
        "danger": ("#000000", "#FFFF00"),
        "evidence": ("#000000", "#FFFFFF"),
    },
)


@dataclass(frozen=True)
class Sizes:
    """Pixel sizes for one screen height and text scale."""

    body: int
    small: int
    h1: int
    h2: int
    h3: int
    button: int  # button text
    touch: int  # minimum height of a primary control
    gap: int

    @classmethod
    def for_screen(cls, screen_height: int, scale: float, screen_width: int | None = None) -> Sizes:
        """Sizes from the screen (height, and width when given: a portrait totem or a narrow
        window is sized by its width), then the patient's text size multiplies the reading text.
        Controls do not grow with the text size: nothing moves under a finger when it changes."""
        shape = screen_height / 1080
        if screen_width is not None:
            shape = min(shape, screen_width / WIDTH_BASIS)
        base = max(MIN_BODY_PX, round(BASE_BODY_PX * shape))
        body = round(base * scale)
        return cls(
            body=body,
            small=round(body * 0.86),
            h1=round(body * 1.6),
            h2=round(body * 1.36),
            h3=round(body * 1.14),
            button=base,
            touch=max(TOUCH_MIN_PX + 8, round(70 * shape)),
            gap=max(12, round(base * 0.8)),
        )


def app_style_sheet(theme: Theme, sizes: Sizes) -> str:
    """The Qt style sheet for every widget of the app."""
    t, s = theme, sizes
    return f"""
QWidget {{ color: {t.text}; font-size: {s.body}px; }}
QMainWindow, #screen, #home, #reader, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {t.window};
}}
#toolbar {{ background: {t.toolbar}; }}
#toolbar QLabel {{ color: {t.toolbar_text}; font-size: {s.button}px; }}
#toolbar #appTitle {{ font-weight: 600; }}
QPushButton {{
    background: {t.button}; color: {t.button_text}; border: 2px solid {t.button_border};
    border-radius: 12px; padding: 6px 22px; font-size: {s.button}px; font-weight: 600;
    min-height: {s.touch - 16}px;
}}
QPushButton:pressed {{ background: {t.pressed}; color: {t.pressed_text}; }}
QPushButton[keyFocus="true"]:focus {{ border: 4px solid {t.focus}; }}
QPushButton#primary {{ background: {t.primary}; color: {t.primary_text}; border-color: {t.primary}; }}
QPushButton#primary[keyFocus="true"]:focus {{ border: 4px solid {t.focus}; }}
QPushButton:disabled {{ color: {t.disabled_text}; border: 2px solid {t.disabled_border};
    background: {t.disabled}; }}
#toolbar QPushButton {{ min-width: {s.touch}px; }}
#tile {{
    background: {t.tile}; border: 2px solid {t.tile_border}; border-radius: 18px;
    padding: 0px; text-align: left;
}}
#tile[keyFocus="true"]:focus {{ border: 5px solid {t.focus}; }}
#tile:pressed {{ background: {t.tile_pressed}; }}
#tileTitle {{ font-size: {s.h3}px; font-weight: 700; color: {t.heading}; }}
#tileSummary {{ font-size: {s.small}px; color: {t.muted}; }}
#homeHeading {{ font-size: {s.h1}px; font-weight: 700; color: {t.heading}; }}
#homeIntro {{ font-size: {s.body}px; color: {t.muted}; }}
#progress {{ font-size: {s.button}px; color: {t.muted}; }}
#guideTitle {{ font-size: {s.button}px; color: {t.muted}; font-weight: 600; }}
QPushButton#pageToolPrimary {{ font-size: {round(s.button * 0.9)}px; padding: 4px 18px;
    min-height: {s.touch - 16}px; background: {t.primary}; color: {t.primary_text};
    border-color: {t.primary}; }}
QPushButton#pageToolPrimary[keyFocus="true"]:focus {{ border: 4px solid {t.focus}; }}
QPushButton#toggle:checked {{ background: {t.primary}; color: {t.primary_text};
    border: 2px solid {t.toolbar_text}; }}
QPushButton#pageTool {{ font-size: {round(s.button * 0.9)}px; padding: 4px 18px;
    min-height: {s.touch - 16}px; }}
#navBar {{ background: {t.window}; border-top: 2px solid {t.tile_border}; }}
QTextBrowser {{ background: {t.window}; border: none; }}
#overlay {{ background: {t.overlay}; }}
#card {{ background: {t.card}; border: 3px solid {t.tile_border}; border-radius: 20px; }}
#cardTitle {{ font-size: {s.h2}px; font-weight: 700; color: {t.heading}; }}
#cardText {{ font-size: {s.body}px; color: {t.text}; }}
#countdown {{ font-size: {s.h1 * 2}px; font-weight: 800; color: {t.heading}; }}
#pinDots {{ font-size: {s.h1}px; color: {t.text}; min-height: {s.h1 + 12}px; }}
QPushButton#pinKey {{ font-size: {s.h2}px; }}
QPushButton#bigPrimary {{ background: {t.primary}; color: {t.primary_text};
    border-color: {t.primary}; font-size: {s.h3}px; min-height: {s.touch + 12}px; }}
QPushButton#bigPrimary[keyFocus="true"]:focus {{ border: 4px solid {t.focus}; }}
#notice {{ background: {t.notice}; border-bottom: 3px solid {t.focus}; }}
#notice QLabel {{ color: {t.notice_text}; }}
#toolbar QPushButton#primary {{ background: {t.primary}; color: {t.primary_text};
    border: 2px solid {t.toolbar_text}; }}
#sectionTitle {{ font-size: {s.h3}px; font-weight: 700; color: {t.heading}; }}
#offersTitle {{ font-size: {s.button}px; font-weight: 700; color: {t.heading}; }}
#topicTitle {{ font-size: {s.body}px; font-weight: 700; color: {t.heading}; margin-top: 10px; }}
QPushButton#offer, QPushButton#questionRow {{
    text-align: left; font-weight: 400; background: {t.tile}; border: 2px solid {t.button_border};
}}
QPushButton#offer:checked, QPushButton#questionRow:checked {{
    background: {t.boxes['tip'][0]}; border: 3px solid {t.boxes['tip'][1]};
}}
QPushButton#offer[keyFocus="true"]:focus, QPushButton#questionRow[keyFocus="true"]:focus {{
    border: 4px solid {t.focus};
}}
QPushButton#offer QLabel, QPushButton#questionRow QLabel {{ font-size: {s.button}px; color: {t.text}; }}
#pickedRow {{ background: {t.boxes['tip'][0]}; border: 2px solid {t.boxes['tip'][1]};
    border-radius: 12px; }}
#toast {{ background: {t.toolbar}; color: {t.toolbar_text}; border-radius: 16px;
    padding: 18px 28px; font-size: {s.button}px; font-weight: 600; }}
QLineEdit {{ background: {t.tile}; color: {t.text}; border: 2px solid {t.button_border};
    border-radius: 10px; padding: 10px 14px; min-height: {s.touch - 24}px; }}
QLineEdit:focus {{ border: 4px solid {t.focus}; }}
QScrollBar:vertical {{ width: 18px; background: {t.window}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0px; width: 0px; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QScrollBar::handle:vertical {{ background: {t.button_border}; border-radius: 8px; min-height: 60px; }}
"""


def document_style_sheet(theme: Theme, sizes: Sizes) -> str:
    """The CSS QTextDocument applies to rendered guide pages (its own subset of CSS)."""
    t, s = theme, sizes
    rules = [
        f"body {{ color: {t.text}; font-size: {s.body}px; }}",
        f"p, li {{ font-size: {s.body}px; line-height: 140%; }}",
        "p { margin-top: 0px; margin-bottom: 12px; }",
        # A line holding a picture would get 40% of the picture's height added under it.
        "p.picture { line-height: 100%; margin-top: 4px; margin-bottom: 14px; }",
        "li { margin-bottom: 6px; }",
        # Heading sizes come from the document's default font (Qt ignores CSS sizes there).
        f"h2 {{ color: {t.heading}; margin-top: 0px; margin-bottom: 14px; }}",
        f"h3 {{ color: {t.heading}; margin-top: 14px; margin-bottom: 8px; }}",
        f"a {{ color: {t.link}; text-decoration: underline; font-weight: 600; }}",
        f"a.term {{ color: {t.term}; text-decoration: underline; font-weight: 600; }}",
        f"p.continued {{ color: {t.muted}; font-weight: 600; margin-bottom: 10px; }}",
        f"p.guide {{ color: {t.muted}; font-weight: 600; margin-bottom: 4px; }}",
        "table.box { margin-top: 8px; margin-bottom: 14px; }",
        f"p.box-title {{ font-weight: 700; font-size: {s.h3}px; margin-bottom: 6px; }}",
        f"th {{ background-color: {t.boxes['note'][0]}; color: {t.text}; padding: 8px; }}",
        f"td {{ color: {t.text}; padding: 8px; }}",
        f"ul.sources li {{ font-size: {s.small}px; }}",
    ]
    return "\n".join(rules + box_rules(theme))


def box_rules(theme: Theme) -> list[str]:
    """The colours of the boxes (tip, warning, ...) in guide pages, on screen and on slides."""
    rules = []
    for kind, (background, bar) in theme.boxes.items():
        title = theme.heading if theme is HIGH_CONTRAST else bar
        rules.append(f"td.box-{kind} {{ background-color: {background}; }}")
        rules.append(f"td.bar-{kind} {{ background-color: {bar}; }}")
        rules.append(f"p.box-title-{kind} {{ color: {title}; }}")
    return rules


def colour_pairs(theme: Theme) -> list[tuple[str, str, str, str]]:
    """Every (what, text colour, background, kind) pair the style sheets above draw, for the
    contrast test. kind is "body" (reading text: 7:1 in every theme) or "other" (4.5:1 in the
    normal theme, 7:1 in high contrast). Keep it in step with the style sheets."""
    t = theme
    pairs = [
        ("body text", t.text, t.window, "body"),
        ("list and table text", t.text, t.tile, "body"),
        ("popup text", t.text, t.card, "body"),
        ("secondary text (intro, progress, guide title)", t.muted, t.window, "other"),
        ("tile summary", t.muted, t.tile, "other"),
        ("headings", t.heading, t.window, "other"),
        ("tile and popup titles", t.heading, t.tile, "other"),
        ("links", t.link, t.window, "other"),
        ("glossary words", t.term, t.window, "other"),
        ("toolbar labels", t.toolbar_text, t.toolbar, "other"),
        ("buttons", t.button_text, t.button, "other"),
        ("pressed buttons", t.pressed_text, t.pressed, "other"),
        ("pressed tiles", t.heading, t.tile_pressed, "other"),
        ("pressed tile summary", t.muted, t.tile_pressed, "other"),
        ("main buttons", t.primary_text, t.primary, "other"),
        ("disabled buttons", t.disabled_text, t.disabled, "other"),
        ("notices", t.notice_text, t.notice, "other"),
        ("toast", t.toolbar_text, t.toolbar, "other"),
        ("picked question rows", t.text, t.boxes["tip"][0], "body"),
        ("table headers", t.text, t.boxes["note"][0], "body"),
    ]
    for kind, (background, bar) in t.boxes.items():
        pairs.append((f"text in {kind} boxes", t.text, background, "body"))
        title = t.heading if t is HIGH_CONTRAST else bar
        pairs.append((f"title of {kind} boxes", title, background, "other"))
    return pairs


def decorative_backgrounds(theme: Theme) -> set[str]:
    """Backgrounds that never have text on them: box bars and the scroll bar's handle."""
    return {bar for _, bar in theme.boxes.values()} | {theme.button_border}


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
