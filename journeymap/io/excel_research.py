"""The Excel summary's sheets about who and why: personas and their emotions,
the future state's differences, and the evidence behind each card. Each
sheet is written only when the journey has something for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.model.entities import STATE_WORDS
from journeymap.model.evidence import LEVEL_WORDS
from journeymap.model.future import target_change_words
from journeymap.model.journey import Journey

if TYPE_CHECKING:
    from .excel_export import _Sheet

PERSONA_WIDTHS = [24, 48, 18, 10, 30]
FUTURE_WIDTHS = [30, 18, 18, 12, 48, 30]
EVIDENCE_WIDTHS = [30, 18, 14, 10, 60, 22, 12, 36]


def has_future_state(journey: Journey) -> bool:
    return any(tp.state != "current" or tp.future_targets for tp in journey.touchpoints)


def has_evidence(journey: Journey) -> bool:
    return any(tp.evidence or tp.evidence_level for tp in journey.touchpoints)


def write_personas(journey: Journey, s: _Sheet) -> None:
    headers = ["Persona", "Description", "Segment", "Colour", "Picture"]
    for r_i, p in enumerate(journey.personas, start=1):
        for col, text in enumerate((p.name, p.description, p.segment, p.color, p.picture)):
            s.text(r_i, col, text, s.fmt.wrap if col in (0, 1) else None)
        s.fit_row(r_i, [(len(p.description), PERSONA_WIDTHS[1])])
    s.table(0, headers, len(journey.personas), "Personas", PERSONA_WIDTHS)


def write_persona_emotions(journey: Journey, s: _Sheet, phase_names: dict[str, str]) -> None:
    """One row per card, one column per persona: where their journeys feel different."""
    personas = journey.personas
    headers = ["Touchpoint", "Phase", "Everyone", *(p.name for p in personas)]
    for r_i, tp in enumerate(journey.touchpoints, start=1):
        s.text(r_i, 0, tp.name, s.fmt.wrap)
        s.text(r_i, 1, phase_names.get(tp.phase, tp.phase))
        s.num(r_i, 2, tp.emotion, s.fmt.points)
        for k, p in enumerate(personas):
            s.num(r_i, 3 + k, tp.persona_emotion(p.id), s.fmt.points)
    s.table(0, headers, len(journey.touchpoints), "EmotionsByPersona", [30, 18] + [12] * (1 + len(personas)))


def write_future_state(journey: Journey, s: _Sheet, phase_names: dict[str, str], lane_names: dict[str, str]) -> None:
    """Every difference between the current and the future journey."""
    headers = ["Touchpoint", "Phase", "Lane", "Difference", "What changes", "Targets, today → future"]
    rows = [tp for tp in journey.touchpoints if tp.state != "current" or tp.future_targets]
    metrics = {m.id: m for m in journey.metrics}
    for r_i, tp in enumerate(rows, start=1):
        targets = "; ".join(target_change_words(tp, metrics))
        for col, text in enumerate((tp.name, phase_names.get(tp.phase, tp.phase), lane_names.get(tp.lane, tp.lane),
                                    STATE_WORDS[tp.state], tp.future_note, targets)):
            s.text(r_i, col, text or ("same" if col == 3 else ""), s.fmt.wrap if col in (0, 4, 5) else None)
        s.fit_row(r_i, [(len(tp.name), FUTURE_WIDTHS[0]), (len(tp.future_note), FUTURE_WIDTHS[4])])
    s.table(0, headers, len(rows), "FutureState", FUTURE_WIDTHS)


def write_evidence(journey: Journey, s: _Sheet, phase_names: dict[str, str]) -> None:
    """One row per quote, picture or link (and per card with only a level)."""
    headers = ["Touchpoint", "Phase", "Evidence level", "Kind", "Quote or caption", "Source", "Date",
               "File or address"]
    r_i = 0
    for tp in journey.touchpoints:
        if not (tp.evidence or tp.evidence_level):
            continue
        level = LEVEL_WORDS[tp.evidence_level].split(":")[0] if tp.evidence_level else ""
        for item in tp.evidence or (None,):
            r_i += 1
            cells = (tp.name, phase_names.get(tp.phase, tp.phase), level) + (
                (item.kind, item.text, item.source, item.date, item.ref) if item else ("", "", "", "", ""))
            for col, text in enumerate(cells):
                s.text(r_i, col, text, s.fmt.wrap if col in (0, 4, 7) else None)
            s.fit_row(r_i, [(len(cells[4]), EVIDENCE_WIDTHS[4]), (len(cells[7]), EVIDENCE_WIDTHS[7])])
    s.table(0, headers, r_i, "Evidence", EVIDENCE_WIDTHS)
