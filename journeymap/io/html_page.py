"""The stakeholder page: one self-contained HTML file anyone can open in a
browser, with no network request (a Content-Security-Policy forbids any).

The map is inline SVG drawn from the same layout, routes and palette as the
window. Every figure the page can show is computed here, for each segment
and period the data has, and embedded as JSON: the page's filters only pick
which set to show, so a browser never computes a number.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journeymap.analysis.confidence import describe
from journeymap.analysis.scorecard import Filter, Scorecards, status_words
from journeymap.analysis.status import Status
from journeymap.analysis.weak import rank_weak
from journeymap.drawing.layout import Layout, compute_layout, emotion_line, emotion_y
from journeymap.drawing.routing import route_all
from journeymap.drawing.theme import LIGHT, SIZES, STATE_TONES, persona_style
from journeymap.model.entities import STATE_WORDS, Touchpoint
from journeymap.model.evidence import LEVEL_WORDS
from journeymap.model.journey import Journey
from journeymap.model.metrics import format_value

from .atomic import atomic_write_bytes

# Views (segment x period) times cards the page embeds at most: beyond it
# the earlier periods are left out, then the segments, so a big map's page
# stays small enough to mail and quick to write (each view is a full
# analysis). The menus offer only what is in the page.
MAX_CARD_VIEWS = 10_000
PALETTE = LIGHT


def write_page(journey: Journey, path: str | Path) -> None:
    atomic_write_bytes(Path(path), page_html(journey).encode("utf-8"))


def page_html(journey: Journey) -> str:
    lay = compute_layout(journey, SIZES)
    segments, periods = _chosen(journey)
    views = {_key(s, p): _view(journey, Filter(s, p)) for s in [None, *segments] for p in [None, *periods]}
    data = {"views": views, "default": _key(None, None), "names": {tp.id: tp.name for tp in journey.touchpoints},
            "evidence": _evidence(journey),
            # A persona chosen in the page shows its segment's view (when the
            # page holds it) and, in a card's details, how it feels there.
            "personas": {p.id: {"name": p.name, "description": p.description,
                                "segment": p.segment if p.segment in segments else ""} for p in journey.personas},
            "feelings": {tp.id: dict(tp.persona_emotions) for tp in journey.touchpoints if tp.persona_emotions}}
    # No "<" at all in the data block (JSON's own \u003c instead): a name
    # cannot end the script or open a comment there.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    title = html.escape(journey.info.name)
    return TEMPLATE.format(
        title=title, description=html.escape(journey.info.description),
        svg=_svg(journey, lay), data=payload,
        segment_options="".join(f'<option value="{html.escape(s)}">{html.escape(s)}</option>' for s in segments),
        state_legend=("<span>✚ New, ● Changed, ⊘ Retired: the future state</span>"
                      if any(tp.state != "current" for tp in journey.touchpoints) else "")
        + '<span><svg width="34" height="12" aria-hidden="true"><line x1="1" y1="6" x2="33" y2="6" '
          f'stroke="{PALETTE.emotion_line}" stroke-width="2.5"/></svg> emotion'
        + (", everyone" if journey.personas else "") + " (−2 to +2)</span>" + _persona_legend(journey),
        persona_choice=PERSONA_CHOICE.format(options="".join(
            f'<option value="{html.escape(p.id)}">{html.escape(p.name)}</option>' for p in journey.personas))
        if journey.personas else "",
        latest=f" ({html.escape(journey.periods()[-1])})" if journey.periods() else "",
        period_options="".join(f'<option value="{html.escape(p)}">{html.escape(p)}</option>' for p in periods),
        status_css="".join(f".st-{s.value}{{fill:{PALETTE.status[s]}}}.tx-{s.value}{{color:{PALETTE.status[s]}}}"
                           for s in Status),
        script=SCRIPT)


def _evidence(journey: Journey) -> dict[str, list[tuple[str, list[str]]]]:
    """What each card carries beyond its figures: what a workshop captured,
    the open actions on it, the research behind it, how each persona feels
    there, its future state and its detailed journey (all as text)."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    personas = {p.id: p.name for p in journey.personas}
    for tp in journey.touchpoints:
        research = ([LEVEL_WORDS[tp.evidence_level]] if tp.evidence_level else []) + [
            f"“{e.text}”" + (f" ({e.source}{', ' + e.date if e.date else ''})" if e.source or e.date else "")
            if e.kind == "quote" else f"{e.kind.capitalize()}: {e.label}" + (f" ({e.ref})" if e.kind == "link" else "")
            for e in tp.evidence]
        groups = [(title, list(items)) for title, items in (
            ("Pain points", tp.pain_points), ("Opportunities", tp.opportunities), ("Notes", tp.notes),
            ("Open actions", [f"{a.title} ({a.status}{', ' + a.owner if a.owner else ''})"
                              for a in journey.actions_of(tp.id) if a.is_open]),
            ("Evidence", research),
            ("Emotion by persona", [f"{personas[p]}: {e:+g}" for p, e in tp.persona_emotions if p in personas]),
            ("Future state", [STATE_WORDS[tp.state] + (f": {tp.future_note}" if tp.future_note else "")]
             if tp.state != "current" else []),
            ("Detailed journey", [tp.link] if tp.link else [])) if items]
        if groups:
            out[tp.id] = groups
    return out


def _key(segment: str | None, period: str | None) -> str:
    return f"{segment or ''}|{period or ''}"


def _chosen(journey: Journey) -> tuple[list[str], list[str]]:
    """The segments and periods whose views go in the page (see MAX_CARD_VIEWS)."""
    segments, periods = sorted(set(journey.segments())), journey.periods()
    cards = max(1, len(journey.touchpoints))
    if (len(segments) + 1) * (len(periods) + 1) * cards > MAX_CARD_VIEWS:
        periods = []  # "Latest" stays
    if (len(segments) + 1) * cards > MAX_CARD_VIEWS:
        segments = []  # all customers stays
    return segments, periods


def _view(journey: Journey, flt: Filter) -> dict[str, Any]:
    """Everything the page shows for one filter."""
    cards = Scorecards(journey, flt)
    weak = {w.id: w for w in rank_weak(cards)}
    tps: dict[str, Any] = {}
    for tp in journey.touchpoints:
        results = cards.touchpoints.get(tp.id, [])
        rows = []
        for r in results:
            metric = cards.metrics[r.metric]
            iv = r.interval(metric)
            rows.append({"metric": metric.name, "value": format_value(metric, r.value),
                         "confidence": describe(metric, r.value, r.n, iv) if r.value is not None else "",
                         "target": "" if r.target is None else format_value(metric, r.target),
                         "status": r.status.value, "words": status_words(metric, r), "note": r.note})
        badges, statuses = _fitting_badges(rows)
        w = weak.get(tp.id)
        tps[tp.id] = {"status": cards.touchpoint_status(tp.id).value, "rows": rows,
                      "badges": badges, "badge_status": statuses,
                      "rank": w.rank if w else None, "reasons": list(w.reasons) if w else [],
                      "unsure": bool(w and w.low_confidence)}
    health = cards.health_percent()
    return {"period": cards.period or "", "segment": flt.segment or "all customers",
            "health": None if health is None else round(health),
            "counts": {s.value: n for s, n in cards.status_counts().items()},
            "phases": {p.id: cards.phase_status(p.id).value for p in journey.phases}, "touchpoints": tps}


# A card's badge line holds about this many characters at the badge size.
BADGE_CHARS = 26
NAME_CHARS = 19  # a name line beside the rank


def _fitting_badges(rows: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The worst first, as many as fit on the card, then "+2" for the rest
    (all of them are in the details panel)."""
    ordered = sorted(rows, key=lambda row: -Status(row["status"]).severity)
    texts: list[str] = []
    statuses: list[str] = []
    used = 0
    for i, row in enumerate(ordered):
        text = f"{row['metric'] if len(row['metric']) <= 5 else row['metric'][:4]} {row['value']}"
        rest = len(ordered) - i - 1
        if texts and used + len(text) + 4 + (3 if rest else 0) > BADGE_CHARS:
            texts.append(f"+{len(ordered) - i}")
            statuses.append("none")
            break
        texts.append(text)
        statuses.append(row["status"])
        used += len(text) + 4
    return texts, statuses


def name_lines(name: str, width: int = NAME_CHARS) -> list[str]:
    """A card's name on at most two lines, cut with "…" where longer."""
    words, lines, line = name.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [text if len(text) <= width else text[:width - 1] + "…" for text in lines]


# ------------------------------------------------------------------- the map
def _svg(journey: Journey, lay: Layout) -> str:
    p, s = PALETTE, SIZES
    esc = html.escape
    out = [f'<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="-8 -8 {lay.width + 16:.0f} '
           f'{lay.height + 16:.0f}" role="group" '
           f'aria-label="{esc(journey.info.name)}" font-family="{esc(s.font_family)}, sans-serif">']
    for i, phase in enumerate(journey.phases):
        x, w = lay.columns[phase.id]
        out.append(f'<rect x="{x:.1f}" y="{lay.header_rect[1]:.1f}" width="{w:.1f}" '
                   f'height="{lay.lanes_rect[1] + lay.lanes_rect[3] - lay.header_rect[1]:.1f}" '
                   f'fill="{p.column_tints[i % 2]}"/>')
        out.append(f'<rect class="phase-head" data-phase="{esc(phase.id)}" x="{x:.1f}" y="{lay.header_rect[1]:.1f}" '
                   f'width="{w:.1f}" height="{lay.header_rect[3]:.1f}" fill="{p.header_background}"/>')
        out.append(f'<text x="{x + w / 2:.1f}" y="{lay.header_rect[1] + lay.header_rect[3] / 2 + 6:.1f}" '
                   f'text-anchor="middle" font-size="{s.header_px}" font-weight="bold" fill="{p.text}">'
                   f'<tspan class="phase-mark" data-phase="{esc(phase.id)}"></tspan>{esc(phase.name)}</text>')
    for lane in journey.lanes:
        y, h = lay.rows[lane.id]
        out.append(f'<rect x="0" y="{y:.1f}" width="{s.lane_label_width - 8:.1f}" height="{h:.1f}" '
                   f'fill="{p.lane_label_background}"/>')
        out.append(f'<text x="8" y="{y + 20:.1f}" font-size="{s.lane_px}" fill="{p.text}">{esc(lane.name)}</text>')
        out.append(f'<line x1="0" x2="{lay.width:.1f}" y1="{y + h:.1f}" y2="{y + h:.1f}" stroke="{p.grid_line}"/>')
    out.append(_emotion_band(journey, lay))
    keys = [c.key for c in journey.connections]
    for (source, target), points in zip(keys, route_all(lay, keys), strict=True):
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(f'<path d="{d}" fill="none" stroke="{p.connection}" stroke-width="1.5" '
                   f'marker-end="url(#arrow)" data-from="{esc(source)}" data-to="{esc(target)}"/>')
    out.insert(1, f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
                  f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
                  f'fill="{p.connection}"/></marker></defs>')
    for tp in journey.touchpoints:
        x, y, w, h = lay.cards[tp.id]
        lines = name_lines(("★ " if tp.moment_of_truth else "") + tp.name)
        name = "".join(f'<tspan x="12" dy="{0 if i == 0 else s.card_name_px + 2}">{esc(line)}</tspan>'
                       for i, line in enumerate(lines))
        detail_y = 40 if len(lines) == 1 else 56
        out.append(
            f'<g class="card" data-id="{esc(tp.id)}" tabindex="0" role="button" aria-label="{esc(tp.name)}" '
            f'transform="translate({x:.1f},{y:.1f})">'
            f'<title>{esc(tp.name)}</title>'
            f'<rect class="card-box" width="{w:.0f}" height="{h:.0f}" rx="6" fill="{p.card_background}" '
            f'stroke="{p.card_border}"/>'
            f'<rect class="card-status st-none" x="0" y="0" width="6" height="{h:.0f}" rx="3"/>'
            f'<text x="12" y="22" font-size="{s.card_name_px}" font-weight="bold" fill="{p.text}">{name}</text>'
            f'<text x="12" y="{detail_y}" font-size="{s.card_detail_px}" fill="{p.text_muted}">'
            f'{esc(tp.channel)}</text>'
            f'<text class="badges" x="12" y="{h - 12:.0f}" font-size="{s.badge_px}" fill="{p.text}"></text>'
            f'<text class="rank" x="{w - 8:.0f}" y="22" text-anchor="end" font-size="{s.rank_px}" '
            f'font-weight="bold" fill="{p.weak_outline}"></text>{_state_tag(tp.state)}</g>')
    out.append("</svg>")
    return "".join(out)


# A persona's line, as the map draws it (theme.PERSONA_DASHES).
DASH_ARRAYS = {"solid": "", "dash": "7 4", "dot": "2 3", "dashdot": "8 3 2 3", "dashdotdot": "8 3 2 3 2 3"}


def _emotion_band(journey: Journey, lay: Layout) -> str:
    """The emotion lane: everyone's curve and one per persona (colour, dash
    and marker apart, as on the map), each a group the Persona menu shows
    or fades."""
    p, s = PALETTE, SIZES
    x0, y, w, h = lay.emotion_rect
    out = [f'<rect x="0" y="{y:.1f}" width="{s.lane_label_width - 8:.1f}" height="{h:.1f}" '
           f'fill="{p.lane_label_background}"/>',
           f'<text x="8" y="{y + 20:.1f}" font-size="{s.lane_px}" fill="{p.text}">Emotion</text>']
    for value, label in ((2, "+2"), (0, "0"), (-2, "−2")):
        ly = emotion_y(lay, value)
        out.append(f'<text x="{s.lane_label_width - 14:.0f}" y="{ly + 4:.1f}" text-anchor="end" font-size="10" '
                   f'fill="{p.text_muted}">{label}</text>')
    zero = emotion_y(lay, 0)
    out.append(f'<line x1="{s.lane_label_width:.0f}" x2="{x0 + w:.1f}" y1="{zero:.1f}" y2="{zero:.1f}" '
               f'stroke="{p.grid_line}" stroke-dasharray="4 4"/>')

    def dots(emotion_of: Callable[[Touchpoint], float | None]) -> list[tuple[float, float, float]]:
        found = []
        for tp in journey.touchpoints:
            e = emotion_of(tp)
            if e is not None:
                cx, _, cw, _ = lay.cards[tp.id]
                found.append((cx + cw / 2, emotion_y(lay, e), e))
        return found

    def curve(points: list[tuple[float, float, float]], colour: str, dash: str, width: float) -> str:
        line = emotion_line([(x, y) for x, y, _ in points])
        if not line:
            return ""
        d = f"M{line[0][0]:.1f},{line[0][1]:.1f}" + "".join(
            f" C{(a[0] + b[0]) / 2:.1f},{a[1]:.1f} {(a[0] + b[0]) / 2:.1f},{b[1]:.1f} {b[0]:.1f},{b[1]:.1f}"
            for a, b in itertools.pairwise(line))
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}"{dashes}/>'

    everyone = dots(lambda tp: tp.emotion)
    out.append('<g class="curve" data-persona="">' + curve(everyone, p.emotion_line, "", 2.5) + "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" stroke="{p.background}" fill="'
        f'{p.emotion_positive if e > 0 else p.emotion_negative if e < 0 else p.text_muted}"/>'
        for x, y, e in everyone) + "</g>")
    for i, persona in enumerate(journey.personas):
        style = persona_style(i, persona.color)
        points = dots(functools.partial(Touchpoint.persona_emotion, persona_id=persona.id))
        out.append(f'<g class="curve" data-persona="{html.escape(persona.id)}">'
                   + curve(points, style.color, DASH_ARRAYS[style.dash], 2.2)
                   + "".join(marker_svg(style.marker, x, y, 4.5, style.color) for x, y, _ in points) + "</g>")
    return "".join(out)


def marker_svg(kind: str, x: float, y: float, r: float, colour: str) -> str:
    """A persona's marker, as the map draws it (see qt/canvas/markers.py)."""
    if kind == "square":
        return f'<rect x="{x - r * .85:.1f}" y="{y - r * .85:.1f}" width="{r * 1.7:.1f}" height="{r * 1.7:.1f}" ' \
               f'fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f},{y - r * 1.1:.1f} L{x + r:.1f},{y + r * .75:.1f} ' \
               f'L{x - r:.1f},{y + r * .75:.1f} Z" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f},{y - r * 1.15:.1f} L{x + r:.1f},{y:.1f} L{x:.1f},{y + r * 1.15:.1f} ' \
               f'L{x - r:.1f},{y:.1f} Z" fill="{colour}"/>'
    if kind == "cross":
        d = r * .9
        return f'<path d="M{x - d:.1f},{y - d:.1f} L{x + d:.1f},{y + d:.1f} M{x - d:.1f},{y + d:.1f} ' \
               f'L{x + d:.1f},{y - d:.1f}" stroke="{colour}" stroke-width="2.5"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r * .8:.1f}" fill="none" stroke="{colour}" stroke-width="2"/>'


def _persona_legend(journey: Journey) -> str:
    """Each persona's line and marker with its name, for the page's legend."""
    out = []
    for i, persona in enumerate(journey.personas):
        style = persona_style(i, persona.color)
        dash = DASH_ARRAYS[style.dash]
        sample = (f'<svg width="34" height="12" aria-hidden="true"><line x1="1" y1="6" x2="33" y2="6" '
                  f'stroke="{style.color}" stroke-width="2.2"'
                  + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                  + marker_svg(style.marker, 17, 6, 4, style.color) + "</svg>")
        out.append(f"<span>{sample} {html.escape(persona.name)}</span>")
    return "".join(out)


def _state_tag(state: str) -> str:
    """The future state's tag astride a card's top edge, as on the map:
    a word and symbol on its own tone ("✚ New", "● Changed", "⊘ Retired")."""
    if state == "current":
        return ""
    words = STATE_WORDS[state]
    width = 12 + 7 * len(words)
    return (f'<g class="state-tag"><rect x="22" y="-9" width="{width}" height="18" rx="9" '
            f'fill="{STATE_TONES[state]}"/><text x="{22 + width / 2:.0f}" y="4" text-anchor="middle" '
            f'font-size="11" font-weight="bold" fill="#ffffff">{words}</text></g>')


SCRIPT = r"""
const DATA = JSON.parse(document.getElementById('data').textContent);
const SYMBOL = {green: '✓', amber: '!', red: '✕', none: '–'};
const LABEL = {green: 'Meets target', amber: 'Near target', red: 'Misses target', none: 'No data'};
let selected = null;
function view() {
  const key = document.getElementById('segment').value + '|' + document.getElementById('period').value;
  return DATA.views[key] || DATA.views[DATA['default']];
}
function text(tag, content, cls) {
  const el = document.createElement(tag);
  el.textContent = content;
  if (cls) el.className = cls;
  return el;
}
function render() {
  const v = view();
  const judged = v.counts.red + v.counts.amber + v.counts.green;
  document.getElementById('summary').textContent = judged === 0
    ? `Showing ${v.segment}, ${v.period || 'no period'}: no measurements for this view.`
    : `Showing ${v.segment}, ${v.period || 'no period'}: ${v.health}% of measured results on target · ` +
      `touchpoints: ✕ ${v.counts.red} miss · ! ${v.counts.amber} near · ✓ ${v.counts.green} meet`;
  for (const card of document.querySelectorAll('.card')) {
    const tp = v.touchpoints[card.dataset.id];
    card.querySelector('.card-status').setAttribute('class', 'card-status st-' + tp.status);
    card.querySelector('.card-box').setAttribute('stroke-width', tp.rank ? 3 : 1);
    card.querySelector('.card-box').setAttribute('stroke', tp.rank ? '#c62828' : '#afb8c1');
    const badges = card.querySelector('.badges');
    badges.textContent = '';
    tp.badges.forEach((b, i) => {
      const span = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
      span.setAttribute('class', 'st-' + tp.badge_status[i]);
      span.textContent = (i ? '  ' : '') + (b.startsWith('+') ? b : SYMBOL[tp.badge_status[i]] + ' ' + b);
      badges.appendChild(span);
    });
    card.querySelector('.rank').textContent = tp.rank ? '#' + tp.rank : '';
    card.setAttribute('aria-label', DATA.names[card.dataset.id] + ': ' + LABEL[tp.status] +
                      (tp.rank ? ', weak touchpoint number ' + tp.rank : ''));
  }
  for (const mark of document.querySelectorAll('.phase-mark')) {
    const st = v.phases[mark.dataset.phase];
    mark.setAttribute('class', 'phase-mark st-' + st);
    mark.textContent = st === 'none' ? '' : SYMBOL[st] + ' ';
  }
  if (selected) show(selected);
}
function show(id) {
  selected = id;
  for (const card of document.querySelectorAll('.card')) card.classList.toggle('chosen', card.dataset.id === id);
  const tp = view().touchpoints[id];
  const panel = document.getElementById('details');
  panel.textContent = '';
  panel.appendChild(text('h2', DATA.names[id]));
  const rank = tp.rank ? ` · weak touchpoint #${tp.rank}` : '';
  const unsure = tp.unsure ? ' (low confidence: every miss is within the margin of error)' : '';
  panel.appendChild(text('p', SYMBOL[tp.status] + ' ' + LABEL[tp.status] + rank + unsure, 'tx-' + tp.status));
  const persona = chosenPersona();
  if (persona) {
    const feeling = (DATA.feelings[id] || {})[persona];
    panel.appendChild(text('p', `How ${DATA.personas[persona].name} feels here: ` +
      (feeling === undefined ? 'not set' : (feeling > 0 ? '+' : '') + feeling + ' (from -2 to +2)')));
  }
  if (tp.rows.length) {
    const table = document.createElement('table');
    const head = table.insertRow();
    for (const h of ['Metric', 'Value (95%)', 'Target', 'Status']) head.appendChild(text('th', h));
    for (const r of tp.rows) {
      const row = table.insertRow();
      row.appendChild(text('td', r.metric));
      row.appendChild(text('td', r.confidence || r.value));
      row.appendChild(text('td', r.target));
      row.appendChild(text('td', r.words.replace('(unsure)', '(within margin of error)'), 'tx-' + r.status));
      if (r.note) row.title = r.note;
    }
    panel.appendChild(table);
  } else {
    panel.appendChild(text('p', 'No measurements in this view.'));
  }
  if (tp.reasons.length) {
    panel.appendChild(text('h3', 'Why it is weak'));
    const list = document.createElement('ul');
    for (const reason of tp.reasons) list.appendChild(text('li', reason));
    panel.appendChild(list);
  }
  const evidence = DATA.evidence[id] || [];
  for (const [title, items] of evidence) {
    panel.appendChild(text('h3', title));
    const list = document.createElement('ul');
    for (const item of items) list.appendChild(text('li', item));
    panel.appendChild(list);
  }
}
for (const card of document.querySelectorAll('.card')) {
  card.addEventListener('click', () => show(card.dataset.id));
  card.addEventListener('keydown', e => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(card.dataset.id); }
  });
}
function chosenPersona() {
  const choice = document.getElementById('persona');
  return choice ? choice.value : '';
}
function choosePersona() {
  const persona = chosenPersona();
  for (const curve of document.querySelectorAll('.curve')) {
    const mine = curve.dataset.persona;
    curve.style.display = persona && mine && mine !== persona ? 'none' : '';
    curve.style.opacity = persona && !mine ? '0.3' : '1';
  }
  const note = document.getElementById('persona-note');
  if (persona) {
    const p = DATA.personas[persona];
    if (p.segment) document.getElementById('segment').value = p.segment;
    note.textContent = p.name + (p.description ? ': ' + p.description : '') +
      (p.segment ? ` (the figures are segment ${p.segment}'s)` : '');
  } else {
    note.textContent = '';
  }
  render();
}
if (document.getElementById('persona')) document.getElementById('persona').addEventListener('change', choosePersona);
document.getElementById('segment').addEventListener('change', render);
document.getElementById('period').addEventListener('change', render);
render();
"""

PERSONA_CHOICE = '<label>Persona <select id="persona"><option value="">Everyone</option>{options}</select></label>'

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="journeymap">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: "DejaVu Sans", system-ui, sans-serif; color: #1f2328; background: #fff; }}
header {{ padding: 12px 20px; border-bottom: 1px solid #d0d7de; display: flex; gap: 24px; align-items: center;
  flex-wrap: wrap; }}
header h1 {{ font-size: 20px; margin: 0; }}
label {{ font-size: 14px; }}
select {{ font-size: 14px; margin-left: 4px; }}
#summary {{ font-size: 14px; color: #57606a; }}
main {{ display: flex; align-items: flex-start; }}
#mapbox {{ flex: 1; min-width: 0; padding: 12px; }}
#map {{ width: 100%; height: auto; display: block; }}
#details {{ width: 360px; flex: none; padding: 12px 20px; border-left: 1px solid #d0d7de; font-size: 14px;
  position: sticky; top: 0; max-height: 100vh; overflow-y: auto; box-sizing: border-box; }}
#legend {{ font-size: 13px; color: #57606a; padding: 6px 20px; border-bottom: 1px solid #eaeef2; }}
#legend span {{ margin-right: 14px; white-space: nowrap; }}
/* A narrow screen: the map full width (pinch to zoom), the details below it. */
@media (max-width: 900px) {{
  main {{ flex-direction: column; }}
  #details {{ width: 100%; border-left: none; border-top: 1px solid #d0d7de; position: static; max-height: none; }}
  #map {{ width: 200%; }}
  #legend span {{ white-space: normal; }}
  #mapbox {{ overflow-x: auto; }}
}}
/* Printed: the whole map on a landscape page, the chosen card's details after it. */
@media print {{
  @page {{ size: landscape; margin: 10mm; }}
  header select, #legend {{ font-size: 10px; }}
  main {{ display: block; }}
  #mapbox {{ padding: 0; }}
  #map {{ width: auto; max-width: 100%; max-height: 150mm; margin: 0 auto; }}
  #details {{ width: 100%; border: none; position: static; max-height: none; overflow: visible;
    break-before: page; }}
}}
#details table {{ border-collapse: collapse; width: 100%; }}
#details th, #details td {{ text-align: left; padding: 4px 6px; border-bottom: 1px solid #eaeef2; }}
.card {{ cursor: pointer; }}
.card:focus {{ outline: none; }}
.card.chosen .card-box, .card:focus .card-box {{ stroke: #0969da; stroke-width: 3; }}
{status_css}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<label>Segment <select id="segment"><option value="">All customers</option>{segment_options}</select></label>
<label>Period <select id="period"><option value="">Latest{latest}</option>{period_options}</select></label>
{persona_choice}
<span id="summary"></span>
<span id="persona-note"></span>
</header>
<div id="legend"><span>✓ meets target</span><span>! near target (within the amber band)</span>
<span>✕ misses target</span><span>– no data</span><span>#1 red outline: weak touchpoint, 1 = worst</span>
<span>★ moment of truth</span><span>+2: more metrics, click the card</span>
<span>± 95% confidence interval (“up to”: the widest the data allow)</span>{state_legend}</div>
<main>
<div id="mapbox">{svg}</div>
<aside id="details" aria-live="polite"><p>{description}</p><p>Click a card to see its figures, targets and
reasons.</p></aside>
</main>
<script type="application/json" id="data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
