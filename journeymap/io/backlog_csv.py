"""Actions as a CSV file a team's backlog imports: Jira's CSV importer or
Azure DevOps' "Import work items" (no network: the file is the hand-over).

* Jira: Summary, Description, Assignee, Labels (one column per label, as
  Jira's importer takes several; labels cannot hold spaces), Priority
  (High, Medium, Low from the action's impact), Due Date (ISO: set the
  importer's date format to yyyy-MM-dd).
* Azure DevOps: Work Item Type (required there; "Issue" unless told), Title,
  Description, Assigned To, Tags ("a; b"), Priority (1 high, 2 medium, 3
  low), and Due Date when an action has one.

Open actions only, unless asked for all; the description says which
touchpoints an action is about and how they stand.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from journeymap.analysis.scorecard import Scorecards
from journeymap.model.actions import Action
from journeymap.model.journey import Journey
from journeymap.model.metrics import format_value

from .atomic import atomic_write_bytes

TRACKERS = ("jira", "azure")
JIRA_PRIORITY = {"high": "High", "medium": "Medium", "low": "Low"}
AZURE_PRIORITY = {"high": "1", "medium": "2", "low": "3"}


def label(text: str) -> str:
    """A Jira label: no spaces (Jira splits on them), lower case."""
    return re.sub(r"[^\w.-]+", "-", text.strip().lower()).strip("-") or "touchpoint"


def describe_action(journey: Journey, action: Action, cards: Scorecards) -> str:
    """The description a ticket gets: the action's own words, then what the
    map says of its touchpoints."""
    lines = [action.description.strip()] if action.description.strip() else []
    if action.touchpoints:
        lines.append("Touchpoints:")
        for tp_id in action.touchpoints:
            tp = journey.touchpoint(tp_id)
            status = cards.touchpoint_status(tp_id)
            missed = [f"{cards.metrics[r.metric].name} {format_value(cards.metrics[r.metric], r.value)} "
                      f"(target {format_value(cards.metrics[r.metric], r.target)})"
                      for r in cards.touchpoints.get(tp_id, []) if r.status.severity > 1]
            lines.append(f"- {tp.name} ({journey.phase(tp.phase).name}): {status.symbol} {status.label}"
                         + (f"; {', '.join(missed)}" if missed else ""))
    lines.append(f"Impact: {action.impact}; effort: {action.effort}; status: {action.status}.")
    lines.append(f"From the customer journey map '{journey.info.name}' (journeymap).")
    return "\n".join(lines)


def backlog_table(journey: Journey, tracker: str = "jira", include_done: bool = False,
                  work_item_type: str = "Issue") -> tuple[list[str], list[list[str]]]:
    if tracker not in TRACKERS:
        raise ValueError(f"tracker must be one of {', '.join(TRACKERS)}")
    cards = Scorecards(journey)
    actions = [a for a in journey.actions if include_done or a.is_open]
    names = [[journey.touchpoint(t).name for t in a.touchpoints] for a in actions]
    due = any(a.due for a in actions)
    if tracker == "jira":
        labels = [["journeymap", *(label(n) for n in tp_names)] for tp_names in names]
        width = max((len(x) for x in labels), default=1)
        headers = ["Summary", "Description", "Assignee", *(["Labels"] * width), "Priority", "Due Date"]
        rows = [[a.title, describe_action(journey, a, cards), a.owner,
                 *(lab + [""] * (width - len(lab))), JIRA_PRIORITY[a.impact], a.due]
                for a, lab in zip(actions, labels, strict=True)]
        return headers, rows
    headers = ["Work Item Type", "Title", "Description", "Assigned To", "Tags", "Priority",
               *(["Due Date"] if due else [])]
    rows = [[work_item_type, a.title, describe_action(journey, a, cards), a.owner,
             "; ".join(["journeymap", *tp_names]), AZURE_PRIORITY[a.impact], *([a.due] if due else [])]
            for a, tp_names in zip(actions, names, strict=True)]
    return headers, rows


def write_backlog_csv(journey: Journey, path: str | Path, tracker: str = "jira", include_done: bool = False,
                      work_item_type: str = "Issue") -> int:
    """Write the CSV atomically (UTF-8, no byte-order mark, which both
    importers would read as part of the first header); returns the rows."""
    headers, rows = backlog_table(journey, tracker, include_done, work_item_type)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(headers)
    writer.writerows(rows)
    atomic_write_bytes(Path(path), out.getvalue().encode("utf-8"))
    return len(rows)
