"""Copy and paste of touchpoints through the system clipboard, so it works
between two windows and two running copies of the app."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from journeymap.model.journey import Journey

MIME = "application/x-journeymap-touchpoints+json"


def copy_touchpoints(journey: Journey, tp_ids: list[str], source: str = "") -> None:
    """`source` names the document copied from: pasted back into it beside
    the original (a duplicate), a card is a new, unmeasured one; anywhere
    else (another journey, or after a cut) it keeps its measurements."""
    chosen = set(tp_ids)
    items = []
    for tp_id in tp_ids:
        tp = journey.touchpoint(tp_id)
        links = [[c.target, c.label] for c in journey.connections_of(tp_id)
                 if c.source == tp_id and c.target in chosen]
        measurements = [{"metric": m.metric, "metric_name": journey.metric(m.metric).name,
                         "unit": journey.metric(m.metric).unit, "value": m.value, "n": m.n,
                         "period": m.period, "segment": m.segment, "source": m.source}
                        for m in journey.measurements_of(tp_id)]
        items.append({"id": tp.id, "name": tp.name, "phase": tp.phase, "lane": tp.lane,
                      "channel": tp.channel, "owner": tp.owner, "description": tp.description,
                      "emotion": tp.emotion, "pain_points": list(tp.pain_points),
                      "opportunities": list(tp.opportunities), "notes": list(tp.notes),
                      "moment_of_truth": tp.moment_of_truth, "links": links,
                      "state": tp.state, "future_note": tp.future_note, "link": tp.link,
                      "evidence_level": tp.evidence_level,
                      "evidence": [{"kind": e.kind, "text": e.text, "source": e.source, "date": e.date,
                                    "ref": e.ref} for e in tp.evidence],
                      "persona_emotions": [{"persona": p, "name": journey.persona(p).name, "emotion": e}
                                           for p, e in tp.persona_emotions],
                      "measurements": measurements, "document": source})
    mime = QMimeData()
    mime.setData(MIME, json.dumps(items).encode("utf-8"))
    mime.setText("\n".join(str(item["name"]) for item in items))
    QGuiApplication.clipboard().setMimeData(mime)


def release_clipboard() -> None:
    """Drop our data from the clipboard before Qt shuts down: a QMimeData
    that PySide created and the platform clipboard both own is freed twice
    at exit otherwise (a crash seen with the offscreen platform)."""
    clip = QGuiApplication.clipboard()
    mime = clip.mimeData()
    if mime is not None and mime.hasFormat(MIME):
        clip.clear()


def clipboard_touchpoints() -> list[dict]:
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None or not mime.hasFormat(MIME):
        return []
    try:
        items = json.loads(bytes(mime.data(MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    ok = isinstance(items, list) and all(
        isinstance(i, dict) and isinstance(i.get("id"), str) and isinstance(i.get("name"), str)
        and isinstance(i.get("phase"), str) and isinstance(i.get("lane"), str) for i in items)
    return items if ok else []
