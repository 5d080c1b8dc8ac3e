"""The visual language in one place (no Qt): colours, sizes and fonts used by
the canvas, the picture and Excel exports, and presentation mode alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.analysis.status import Status

GRID = 8  # px; every spacing is a multiple


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    text: str
    text_muted: str
    column_tints: tuple[str, str]
    header_background: str
    lane_label_background: str
    grid_line: str
    card_background: str
    card_border: str
    card_selected: str
    connection: str
    emotion_line: str
    emotion_positive: str
    emotion_negative: str
    weak_outline: str
    status: dict[Status, str] = field(default_factory=dict)
    # Text drawn on a status-coloured badge: white on these tones is >= 4.5:1.
    status_text: str = "#ffffff"


LIGHT = Palette(
    name="light",
    background="#ffffff",
    text="#1f2328",
    text_muted="#57606a",
    column_tints=("#f6f8fa", "#eef2f6"),
    header_background="#e6ebf1",
    lane_label_background="#f0f3f6",
    grid_line="#d0d7de",
    card_background="#ffffff",
    card_border="#afb8c1",
    card_selected="#0969da",
    connection="#6e7781",
    emotion_line="#8250df",
    emotion_positive="#1a7f37",
    emotion_negative="#c62828",
    weak_outline="#c62828",
    status={Status.GREEN: "#1a7f37", Status.AMBER: "#9a5b00",
            Status.RED: "#c62828", Status.NONE: "#6e7781"},
)

DARK = Palette(
    name="dark",
    background="#0d1117",
    text="#e6edf3",
    text_muted="#9198a1",
    column_tints=("#151b23", "#1b222c"),
    header_background="#212830",
    lane_label_background="#181e26",
    grid_line="#3d444d",
    card_background="#212830",
    card_border="#4a525c",
    card_selected="#4493f8",
    connection="#9198a1",
    emotion_line="#ab7df8",
    emotion_positive="#3fb950",
    emotion_negative="#f85149",
    weak_outline="#f85149",
    # Badge tones stay dark enough for white text on both themes.
    status={Status.GREEN: "#1a7f37", Status.AMBER: "#9a5b00",
            Status.RED: "#c62828", Status.NONE: "#6e7781"},
)

# Projector themes: strong contrast, read from the back of a room.
PROJECTOR_LIGHT = Palette(
    name="projector-light",
    background="#ffffff", text="#000000", text_muted="#2d333b",
    column_tints=("#ffffff", "#f0f0f0"), header_background="#e0e0e0",
    lane_label_background="#ececec", grid_line="#8c959f",
    card_background="#ffffff", card_border="#424a53", card_selected="#0550ae",
    connection="#424a53", emotion_line="#6639ba", emotion_positive="#116329",
    emotion_negative="#a40e26", weak_outline="#a40e26",
    status={Status.GREEN: "#116329", Status.AMBER: "#7d4e00",
            Status.RED: "#a40e26", Status.NONE: "#424a53"},
)

PROJECTOR_DARK = Palette(
    name="projector-dark",
    background="#000000", text="#ffffff", text_muted="#d1d7e0",
    column_tints=("#000000", "#151515"), header_background="#262626",
    lane_label_background="#1a1a1a", grid_line="#6e7681",
    card_background="#101010", card_border="#b7bdc8", card_selected="#71b7ff",
    connection="#b7bdc8", emotion_line="#d2a8ff", emotion_positive="#56d364",
    emotion_negative="#ff7b72", weak_outline="#ff7b72",
    status={Status.GREEN: "#116329", Status.AMBER: "#7d4e00",
            Status.RED: "#a40e26", Status.NONE: "#424a53"},
)


@dataclass(frozen=True)
class Metrics:
    """Sizes in scene pixels at 100% zoom."""
    card_width: float = 192.0
    card_height: float = 88.0
    card_gap: float = 16.0
    cell_padding: float = 16.0
    header_height: float = 40.0
    macro_height: float = 28.0
    lane_label_width: float = 136.0
    emotion_height: float = 112.0
    legend_height: float = 48.0
    title_height: float = 56.0
    font_family: str = "DejaVu Sans"
    # Pixel sizes on the scene (about 11, 9 and 13 pt at 96 dpi).
    card_name_px: int = 14
    card_detail_px: int = 12
    badge_px: int = 11
    header_px: int = 17
    lane_px: int = 13
    label_px: int = 11       # connection labels, emotion axis
    legend_px: int = 12
    rank_px: int = 12
    title_px: int = 22
    subtitle_px: int = 12
    # Owner and channel lines on cards (presentation mode leaves them out).
    show_details: bool = True
    weak_outline_width: float = 3.0


SIZES = Metrics()

# Presentation mode: nothing under 20 px at 100%, so text stays at 18 px or
# more on a 1920x1080 projector even when the overview is zoomed to 90%.
PRESENTATION_SIZES = Metrics(
    card_width=264.0, card_height=100.0, card_gap=12.0, cell_padding=12.0,
    header_height=52.0, macro_height=32.0, lane_label_width=176.0,
    emotion_height=100.0, legend_height=48.0, title_height=64.0,
    card_name_px=22, card_detail_px=20, badge_px=20, header_px=26, lane_px=20,
    label_px=20, legend_px=20, rank_px=20, title_px=30, subtitle_px=20,
    weak_outline_width=5.0, show_details=False)


def status_color(palette: Palette, status: Status) -> str:
    return palette.status[status]


# ------------------------------------------------------------------ personas
# Each persona's emotion curve differs from the others by colour *and* line
# *and* marker, so five curves stay apart in greyscale print and for colour-
# blind readers. Colours from Okabe and Ito's palette, darkened where a line
# on white needed 3:1; the everyone curve keeps the theme's solid line and
# round dots.
PERSONA_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8c6d00", "#56b4e9")
PERSONA_DASHES = ("dash", "dot", "dashdot", "dashdotdot", "solid")
PERSONA_MARKERS = ("square", "triangle", "diamond", "cross", "ring")


@dataclass(frozen=True)
class CurveStyle:
    color: str
    dash: str  # one of PERSONA_DASHES
    marker: str  # one of PERSONA_MARKERS


def persona_style(index: int, own_color: str = "") -> CurveStyle:
    """The style of the persona at this place in the journey's list; its own
    colour when it has one. A colour of the palette keeps the line and marker
    that go with it wherever the persona stands, so removing one persona
    restyles no other (new personas get the first colour not in use, see
    free_persona_color). Past five, dashes and markers pair up anew (the
    sixth: dash with triangles), so no two of the first 25 match."""
    if own_color.lower() in PERSONA_COLORS:
        index = PERSONA_COLORS.index(own_color.lower())
    dash = PERSONA_DASHES[index % len(PERSONA_DASHES)]
    marker = PERSONA_MARKERS[(index + index // len(PERSONA_DASHES)) % len(PERSONA_MARKERS)]
    return CurveStyle(own_color or PERSONA_COLORS[index % len(PERSONA_COLORS)], dash, marker)


def free_persona_color(used: list[str]) -> str:
    """The first palette colour no persona has (a new persona's), or "" when
    all are taken (its place in the list then decides)."""
    taken = {c.lower() for c in used}
    return next((c for c in PERSONA_COLORS if c not in taken), "")


# The future state's marks on cards: a word and symbol on a tag, in a tone
# of its own (white text on each is at least 4.5:1).
STATE_TONES = {"new": "#0969da", "changed": "#8250df", "retired": "#57606a"}
