"""The report as plain data: what `journeymap report --json` prints and what
the Excel summary is built from."""

from __future__ import annotations

from typing import Any

from journeymap.model.entities import Touchpoint
from journeymap.model.journey import Journey, derived_journey
from journeymap.model.metrics import format_value

from .confidence import describe
from .paths import analyse_paths
from .priority import priority_matrix
from .scorecard import Filter, MetricResult, Scorecards
from .weak import Ranking, no_weak_words


def _metric_rows(cards: Scorecards, results: list[MetricResult]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        metric = cards.metrics[r.metric]
        gap = r.gap(metric)
        iv = r.interval(metric)
        rows.append({
            "metric": r.metric,
            "name": metric.name,
            "value": None if r.value is None else round(r.value, 4),
            "n": r.n,
            "target": r.target,
            "gap": None if gap is None else round(gap, 4),
            "status": r.status.value,
            "display": format_value(metric, r.value),
            # The 95% interval (see analysis/confidence.py); "widest" when
            # the answers' spread was unknown and it is the widest possible.
            "interval": None if iv is None else {
                "low": round(iv.low, 4), "high": round(iv.high, 4), "method": iv.method, "widest": iv.widest},
            "confidence": "" if r.value is None else describe(metric, r.value, r.n, iv),
            # False when the target lies inside the interval: the data cannot
            # yet tell the value from the target. None: no interval or target.
            "distinguishable": None if iv is None or r.target is None else not iv.contains(r.target),
            **({"sd": round(r.sd, 4)} if r.sd is not None else {}),
            **({"note": r.note} if r.note else {}),
        })
    return rows


def build_report(journey: Journey, flt: Filter = Filter(), since: str | None = None, *,
                 weak_limit: int | None = None, card_metrics: bool = True) -> dict[str, Any]:
    """The report; with `since` (a period, or "previous"), also what changed
    from that period to the view's, worst first and by owner. `weak_limit`
    keeps the worst few of the ranking ("weak_total" says how many there
    are); without `card_metrics` each touchpoint has its status but not its
    rows of figures (the text report shows none, and on a big map they are
    most of the work)."""
    cards = Scorecards(journey, flt)
    ranking = Ranking(cards).entries()  # entries made when read: the worst few cost a few
    weak = ranking if weak_limit is None else ranking[:weak_limit]
    counts = cards.status_counts()
    health = cards.health_percent()
    return {
        "journey": {
            "name": journey.info.name,
            "status": cards.journey_status().value,
            "health_percent": None if health is None else round(health, 1),
            # As the window shows it, rounded once (45.45 is "45%", not 45.5 then "46%").
            "health_display": None if health is None else f"{health:.0f}%",
            "touchpoint_counts": {s.value: n for s, n in counts.items()},
            "segment": flt.segment,
            "period": cards.period,
            "state": cards.filter.state,
            "period_chosen": "as asked" if flt.period else "the latest period of the data",
            "metrics": _metric_rows(cards, cards.overall),
        },
        "phases": [
            {"id": p.id, "name": p.name, "status": cards.phase_status(p.id).value,
             "metrics": _metric_rows(cards, cards.phases.get(p.id, []))}
            for p in journey.phases
        ],
        # Every difference of the future state, whichever journey the view shows.
        "future_state": {state: [tp.name for tp in journey.touchpoints if tp.state == state]
                         for state in ("new", "changed", "retired")},
        "personas": [{"id": p.id, "name": p.name, "description": p.description, "color": p.color,
                      "picture": p.picture, "segment": p.segment} for p in journey.personas],
        "touchpoints": [
            {"id": tp.id, "name": tp.name, "phase": tp.phase, "lane": tp.lane,
             "status": cards.touchpoint_status(tp.id).value,
             **({"metrics": _metric_rows(cards, cards.touchpoints.get(tp.id, []))} if card_metrics else {}),
             **_research(tp)}
            for tp in journey.touchpoints if cards.in_view(tp)
        ],
        "weak_none": no_weak_words(cards) if not ranking else "",
        "weak_total": len(ranking),
        "weak": [
            {"rank": w.rank, "id": w.id, "name": w.name, "phase": w.phase,
             "status": w.status.value, "score": w.score, "reasons": list(w.reasons),
             "low_confidence": w.low_confidence}
            for w in weak
        ],
        "priority": [
            {"id": p.touchpoint, "name": p.name, "importance": round(p.importance, 4),
             "performance": round(p.performance, 4), "quadrant": p.quadrant}
            for p in priority_matrix(journey, cards)
        ],
        "paths": _paths(view_journey(journey, cards)),
        **({"since": _since(journey, cards, since)} if since else {}),
    }


def _research(tp: Touchpoint) -> dict[str, Any]:
    """A card's emotions, future state, evidence and link (see model)."""
    return {
        "emotion": tp.emotion,
        "persona_emotions": dict(tp.persona_emotions),
        "state": tp.state,
        "future_note": tp.future_note,
        "future_targets": dict(tp.future_targets),
        "evidence_level": tp.evidence_level,
        "evidence": [{"kind": e.kind, "text": e.text, "source": e.source, "date": e.date, "ref": e.ref}
                     for e in tp.evidence],
        "link": tp.link,
    }


def _since(journey: Journey, cards: Scorecards, since: str) -> dict[str, Any] | None:
    from .compare import compare_periods, comparison_dict, previous_period  # only when asked for
    old = previous_period(journey, cards.period) if since == "previous" else since
    if old is None or cards.period is None or old == cards.period:
        return None
    return comparison_dict(compare_periods(journey, old, cards.period, cards.filter.segment, cards.filter.state))


def _reach_row(node: str, name: str, reach: float | None, visits: float | None) -> dict[str, Any]:
    row: dict[str, Any] = {"id": node, "name": name, "reach": None if reach is None else round(reach, 4)}
    if reach is not None and visits is not None and abs(visits - reach) > 1e-9:
        row["visits"] = round(visits, 4)  # a loop brings customers back: passes per customer
    return row


def view_journey(journey: Journey, cards: Scorecards) -> Journey:
    """The journey as its view has it: without the cards (and their
    connections) the current or future journey does not have, so the paths
    of the future journey do not run through a retired step."""
    if all(cards.in_view(tp) for tp in journey.touchpoints):
        return journey
    return derived_journey(journey, lambda tp: tp if cards.in_view(tp) else None)


def _paths(journey: Journey) -> dict[str, Any]:
    paths = analyse_paths(journey)
    names = {tp.id: tp.name for tp in journey.touchpoints}
    return {
        "entries": paths.entries,
        "reach": [_reach_row(n, names[n], r, paths.visits.get(n)) for n, r in paths.reach.items()],
        "drop_offs": [{"id": d.touchpoint, "name": d.name, "reach": round(d.reach, 4), "lost": round(d.lost, 4)}
                      for d in paths.drop_offs],
        "unreachable": paths.unreachable,
        "dead_ends": paths.dead_ends,
        "warnings": paths.warnings,
    }
