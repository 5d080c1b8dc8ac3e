"""Mermaid `journey` diagrams for documentation in Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from journeymap.model.journey import Journey

from .atomic import atomic_write_bytes


def _clean(text: str) -> str:
    # ':' separates a task's fields and a newline ends it; '#' and ';' start
    # comments or entities in Mermaid. Keep the words, drop the syntax.
    text = text.replace(":", " -").replace(";", ",").replace("#", "No.")
    return re.sub(r"\s+", " ", text).strip() or "untitled"


def emotion_score(emotion: float | None) -> int:
    """-2..+2 emotion as Mermaid's 1..5 score (3 when unknown)."""
    if emotion is None:
        return 3
    return max(1, min(5, round(emotion + 3)))


def to_mermaid(journey: Journey) -> str:
    lanes = {lane.id: lane.name for lane in journey.lanes}
    lines = ["journey", f"    title {_clean(journey.info.name)}"]
    for phase in journey.phases:
        tps = list(journey.touchpoints_in(phase_id=phase.id))
        if not tps:
            continue
        lines.append(f"    section {_clean(phase.name)}")
        for tp in tps:
            actor = _clean(lanes.get(tp.lane, tp.lane)).replace(",", " ")
            lines.append(f"      {_clean(tp.name)}: {emotion_score(tp.emotion)}: {actor}")
    return "\n".join(lines) + "\n"


def export_mermaid(journey: Journey, path: str | Path) -> None:
    atomic_write_bytes(Path(path), to_mermaid(journey).encode("utf-8"))
