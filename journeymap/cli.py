"""Command line: headless sub-commands, and the GUI when given no command.

Imports no Qt at module level: `journeymap report` runs on a server with no
display and no Qt libraries loaded. Exit codes: 0 success, 1 a `--fail-on`
threshold was hit, 2 bad usage or bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from journeymap.model.journey import Journey

# The weakest touchpoints the text report lists: a screenful a person reads;
# --top 0 or --json lists them all.
WEAK_SHOWN = 20
# Path warnings the text report lists (a big map drawn without care may have
# hundreds, which buried the rest of the report); --json lists them all.
WARNINGS_SHOWN = 10
# The text report's lines wrap at this width (a phase of ten metrics ran to
# 220 characters, wrapped by the terminal mid-figure).
REPORT_WIDTH = 100


class UsageError(Exception):
    pass


def _count(text: str) -> int:
    """A whole number of 0 or more, for argparse."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, not '{text}'")
    return int(text)


class _VersionAction(argparse.Action):
    """--version, reading the installed version only when asked: looking it
    up costs more than the rest of a small report's start-up."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **_kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, _namespace: argparse.Namespace,
                 _values: object, _option_string: str | None = None) -> None:
        from journeymap import __version__
        print(f"journeymap {__version__}")
        parser.exit()


def _terminal_columns() -> int:
    """The terminal's width as argparse finds it ($COLUMNS, then the
    terminal, then 80)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's own formatter, told the width: left to find it, argparse
    imports shutil for every parser, a tenth of a small report's start-up."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)  # the subcommands' parsers too
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # one line, exit 2, as promised above
        raise UsageError(message)


if TYPE_CHECKING:
    # Where each command's parser is added.
    _Commands = argparse._SubParsersAction[_Parser]


def _new_arguments(sub: _Commands) -> None:
    p = sub.add_parser("new", help="create a journey from a template")
    p.add_argument("file")
    p.add_argument("--template", default="b2b-saas",
                   help="a built-in template's name, or a .journey file (your saved template, or any map)")
    p.add_argument("--name")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def _validate_arguments(sub: _Commands) -> None:
    p = sub.add_parser("validate", help="check a .journey file")
    p.add_argument("file")


def _report_arguments(sub: _Commands) -> None:
    p = sub.add_parser("report", help="health, phases, the weakest touchpoints with reasons, and paths "
                                      "(--json: every touchpoint's figures too)")
    p.add_argument("file", help="the .journey file")
    p.add_argument("--json", action="store_true",
                   help="the whole report as JSON: every touchpoint's figures, intervals and status")
    p.add_argument("--segment", help="only this segment's measurements (default: all customers)")
    p.add_argument("--period", help="this period's measurements (default: the latest in the data)")
    p.add_argument("--state", choices=("current", "future", "both"), default="both",
                   help="the current journey, the future one (its own targets, without retired cards), "
                        "or both (default)")
    p.add_argument("--fail-on", choices=("red", "amber"),
                   help="exit 1 when any touchpoint is at or below this status")
    p.add_argument("--since", metavar="PERIOD",
                   help="add what got worse since this period (or 'previous'), by owner")
    p.add_argument("--top", type=_count, metavar="N",
                   help=f"list the N weakest touchpoints (default: {WEAK_SHOWN} in the text report, "
                        f"all in --json; 0: all). The text lists {WARNINGS_SHOWN} path warnings; "
                        "--json lists them all")


def _actions_arguments(sub: _Commands) -> None:
    p = sub.add_parser("actions", help="list the journey's actions, or write them as a CSV for Jira or Azure DevOps")
    p.add_argument("file")
    p.add_argument("--csv", metavar="OUT", help="write a CSV file for a backlog import")
    p.add_argument("--tracker", choices=("jira", "azure"), default="jira",
                   help="whose CSV importer the columns are for (default: jira)")
    p.add_argument("--work-item-type", default="Issue", help="Azure DevOps work item type (default: Issue)")
    p.add_argument("--include-done", action="store_true", help="also the actions marked done")


def _diff_arguments(sub: _Commands) -> None:
    p = sub.add_parser("diff", help="what changed between two journeys, or two periods of one; "
                                    "exit 0 when nothing did, 1 when something did")
    p.add_argument("old", help="the earlier .journey file")
    p.add_argument("new", nargs="?", help="the later .journey file (omit to compare two periods of OLD)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--segment")
    p.add_argument("--period", help="compare both files at this period (default: each file's latest)")
    p.add_argument("--periods", nargs=2, metavar=("FROM", "TO"), help="compare two periods of one journey")
    p.add_argument("--fail-on", choices=("worse", "any"), default="any",
                   help="exit 1 only when a figure got worse (default: on any change)")


def _import_arguments(sub: _Commands) -> None:
    p = sub.add_parser("import", help="import measured data from .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .parquet "
                                      "or a database query")
    p.add_argument("file")
    p.add_argument("data", nargs="?", help="the spreadsheet, CSV or Parquet file (or --sql and --query)")
    p.add_argument("--sql", metavar="URL",
                   help="a database URL (SQLAlchemy form, e.g. postgresql+psycopg://user@host/db), or env:NAME "
                        "to take it from an environment variable; the password is never saved")
    p.add_argument("--query", metavar="SQL", help="the SELECT whose rows to import (with --sql)")
    p.add_argument("--sheet")
    p.add_argument("--layout", choices=("auto", "wide", "long", "responses", "steps"), default="auto")
    p.add_argument("--date-order", choices=("dmy", "mdy", "ymd"),
                   help="day/month order of dates such as 03/04/2026 when the file cannot tell")
    p.add_argument("--decimal", choices=("comma", "point"),
                   help="decimal separator of numbers such as 1,250 when the file cannot tell")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=TOUCHPOINT:METRIC",
                   help="read a column as answers for a touchpoint and metric (or COLUMN=ROLE, COLUMN=ignore); "
                        "repeatable; saved in the journey for Refresh data")
    p.add_argument("--mapping-file", metavar="FILE",
                   help="a text file of COLUMN=TOUCHPOINT:METRIC lines (# starts a comment)")
    p.add_argument("--create-missing", action="store_true",
                   help="create unknown phases and touchpoints instead of skipping their rows")
    p.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")
    p.add_argument("--json", action="store_true")


def _drivers_arguments(sub: _Commands) -> None:
    p = sub.add_parser("drivers", help="which touchpoints drive loyalty outcomes (respondent-level data)")
    p.add_argument("file")
    p.add_argument("data")
    p.add_argument("--sheet")
    p.add_argument("--outcome", action="append", help="outcome column (repeat for several); default: detected")
    p.add_argument("--save", action="store_true",
                   help="store each touchpoint's importance (first outcome) in FILE; the ranking then uses it")
    p.add_argument("--json", action="store_true")


def _export_arguments(sub: _Commands) -> None:
    p = sub.add_parser("export", help="export to .xlsx, .html, .png, .svg, .pdf or .mmd (by the file name)")
    p.add_argument("file")
    p.add_argument("out")
    p.add_argument("--segment")
    p.add_argument("--period")
    p.add_argument("--state", choices=("current", "future", "both"), default="both",
                   help="the current journey, the future one, or both with the differences marked (default)")
    p.add_argument("--scale", type=float, default=2.0, help="PNG scale (default 2, for slides)")
    p.add_argument("--page", choices=("A3", "A4"), default="A3", help="PDF page size (landscape)")
    p.add_argument("--tile", action="store_true", help="PDF: tile a large map over pages at print scale")


# Each command's arguments, in the order `journeymap --help` lists them.
_ARGUMENTS = {"new": _new_arguments, "validate": _validate_arguments, "report": _report_arguments,
              "actions": _actions_arguments, "diff": _diff_arguments, "import": _import_arguments,
              "drivers": _drivers_arguments, "export": _export_arguments}
COMMANDS = tuple(_ARGUMENTS)


def _build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `command`, only that command's arguments (a small
    report need not build the other commands' fifty arguments first)."""
    parser = _Parser(prog="journeymap", description="Customer journey mapper with CX metrics.",
                     epilog="journeymap FILE.journey opens a journey in the app; journeymap --sample "
                            "opens the sample; journeymap alone opens the app.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, define in _ARGUMENTS.items():
        if command in (None, name):
            define(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv == ["--sample"] or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return _start_gui(argv)
    # One command, then the process ends: the cycle collector would only
    # rescan the journey's 100,000 measurement objects again and again while
    # the report is built (a quarter of a big report's time). Switched back
    # on after, for callers that go on (tests call main in process).
    collecting = gc.isenabled()
    gc.disable()
    try:
        args = _build_parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
        if args.command is None:
            raise UsageError("give a command: " + ", ".join(COMMANDS))
        return _COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"journeymap: error: {exc}", file=sys.stderr)
        return 2
    except _InputError as exc:
        print(f"journeymap: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `journeymap report F --json | head` closed the pipe: not an error.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        # Ctrl+C: every command writes its file last and atomically, so
        # nothing was changed (a read's child process is stopped with it).
        print("\njourneymap: stopped; nothing was changed", file=sys.stderr)
        return 130
    except Exception as exc:  # the error boundary: no traceback reaches a user
        if os.environ.get("JOURNEYMAP_DEBUG"):
            raise
        print(f"journeymap: unexpected error ({type(exc).__name__}: {_one_line(str(exc))}); "
              "set JOURNEYMAP_DEBUG=1 for details", file=sys.stderr)
        return 2
    finally:
        if collecting:
            gc.enable()


def _json(data: object) -> str:
    """Valid JSON always: a figure that is not finite is printed as null."""
    def finite(value: object) -> object:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, dict):
            return {k: finite(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [finite(v) for v in value]
        return value
    return json.dumps(finite(data), ensure_ascii=False, indent=2, allow_nan=False)


def _one_line(text: str, limit: int = 500) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class _InputError(Exception):
    pass


def _load(path: str) -> Journey:
    from journeymap.io.journey_file import JourneyFileError, load
    try:
        return load(path)
    except JourneyFileError as exc:
        raise _InputError(str(exc)) from None


def _cmd_new(args: argparse.Namespace) -> int:
    from journeymap.io.atomic import WriteError
    from journeymap.io.journey_file import JourneyFileError, save
    from journeymap.io.templates import as_template, load_template
    from journeymap.model.entities import JourneyInfo
    path = Path(args.file)
    if path.exists() and not args.force:
        raise _InputError(f"{path.name}: exists already (use --force to overwrite)")
    try:
        if args.template.endswith(".journey"):
            # A template of the team's own (File > Save as Template), or any map, by its file.
            journey = as_template(_load(args.template))
            if args.name:
                journey.set_info(JourneyInfo(name=args.name, description=journey.info.description))
        else:
            journey = load_template(args.template, args.name)
        save(journey, path)
    except (JourneyFileError, WriteError) as exc:
        raise _InputError(str(exc)) from None
    print(f"created {path} from template '{args.template}'")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from journeymap.io.linked import LinkedJourneys
    from journeymap.io.pictures import missing_pictures
    journey = _load(args.file)
    print(f"{Path(args.file).name}: valid ({len(journey.phases)} phases, "
          f"{len(journey.touchpoints)} touchpoints, {len(journey.connections)} connections, "
          f"{len(journey.measurements)} measurements)")
    # What is outside the file and missing: said, but the file itself is valid.
    base = Path(args.file).resolve().parent
    linked = LinkedJourneys()
    warnings = missing_pictures(journey, base) + [
        f"touchpoint '{tp.name}': {found.words()}" for tp in journey.touchpoints if tp.link
        for found in [linked.read(base, tp.link)] if not found.ok]
    for warning in warnings:
        print(f"warning: {warning}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from journeymap.analysis.report import build_report
    from journeymap.analysis.scorecard import Filter
    journey = _load(args.file)
    _check_filter(journey, args)
    if args.since != "previous":
        _check_known(journey, args.file, "period", args.since)
    top = args.top if args.top is not None else (0 if args.json else WEAK_SHOWN)
    # The text shows no touchpoint's rows of figures: on a big map they are
    # most of the work, so only --json asks for them.
    report = build_report(journey, Filter(args.segment, args.period, args.state), since=args.since,
                          weak_limit=top or None, card_metrics=args.json)
    report["problems"] = _research_problems(journey, Path(args.file), report)
    if args.json:
        print(_json(report))
    else:
        print(_report_text(report))
    if args.fail_on:
        levels = {"red": {"red"}, "amber": {"red", "amber"}}[args.fail_on]
        if any(tp["status"] in levels for tp in report["touchpoints"]):
            return 1
    return 0


def _research_problems(journey: Journey, file: Path, report: dict[str, Any]) -> list[str]:
    """Missing pictures and links that cannot be followed, in words; each
    linked card's entry in the report gains the linked map's name and health."""
    base = file.resolve().parent
    problems: list[str] = []
    if any(e.kind == "picture" for tp in journey.touchpoints for e in tp.evidence) or any(
            p.picture for p in journey.personas):
        from journeymap.io.pictures import missing_pictures  # only for a map with pictures
        problems += missing_pictures(journey, base)
    linked_cards = [tp for tp in report["touchpoints"] if tp["link"]]
    if linked_cards:
        from journeymap.io.linked import LinkedJourneys  # only for a map with links
        linked = LinkedJourneys()
        for tp in linked_cards:
            found = linked.read(base, tp["link"])
            tp["linked"] = {"name": found.name, "health_percent": None if found.health is None else
                            round(found.health, 1), "problem": found.problem}
            if not found.ok:
                problems.append(f"touchpoint '{tp['name']}': {found.words()}")
    return problems


def _report_text(report: dict[str, Any]) -> str:
    from journeymap.analysis.status import Status
    j = report["journey"]
    sym = {s.value: s.symbol for s in Status}
    lines = [j["name"], "=" * len(j["name"])]
    health = "n/a" if j["health_percent"] is None else f"{j['health_display']} of measured results on target"
    counts = j["touchpoint_counts"]
    lines.append(f"Health: {health}; touchpoints: {counts['red']} red, {counts['amber']} amber, "
                 f"{counts['green']} green, {counts['none']} without data")
    if j["segment"] or j["period"]:
        lines.append(f"Filter: segment={j['segment'] or 'all'}, period={j['period'] or 'latest'}")
    if j["state"] != "both":
        lines.append(f"State: the {j['state']} journey")
    future = report["future_state"]
    if any(future.values()):
        lines.append("Future state: " + "; ".join(f"{len(names)} {state} ({', '.join(names)})"
                                                  for state, names in future.items() if names))
    if report["personas"]:
        lines.append("Personas: " + ", ".join(p["name"] + (f" (segment {p['segment']})" if p["segment"] else "")
                                              for p in report["personas"]))
    lines.append("")
    lines.append("Phases")
    for p in report["phases"]:
        figures = [f"{m['name']} not rolled up" if m["value"] is None and m.get("note") else
                   f"{m['name']} {m['display']} {sym[m['status']]}"
                   f"{' (≈ target)' if m['distinguishable'] is False else ''}" for m in p["metrics"]]
        lines += _columns(f"  {sym[p['status']]} {p['name']:<24} ", figures)
    if any(m["distinguishable"] is False for p in report["phases"] for m in p["metrics"]):
        lines.append("  (≈ target): the target lies inside the value's 95% interval; the data cannot yet tell "
                     "them apart")
    unrolled = next((m["note"] for p in report["phases"] for m in p["metrics"]
                     if m["value"] is None and m.get("note")), None)
    if unrolled:
        lines.append(f"  {unrolled[0].upper()}{unrolled[1:]}")
    lines.append("")
    lines.append("Weak touchpoints (worst first; score: the weighted shortfall against targets)")
    phase_names = {p["id"]: p["name"] for p in report["phases"]}
    if not report["weak"]:
        lines.append(f"  {report['weak_none']}")
    for w in report["weak"]:
        unsure = " [unsure: may meet its targets]" if w["low_confidence"] else ""
        phase = phase_names.get(w["phase"], w["phase"])
        lines.append(f"  {w['rank']:>2}. {sym[w['status']]} {w['name']} ({phase}), score {w['score']:.3f}{unsure}")
        for reason in w["reasons"]:
            lines += _wrapped(reason, "        - ")
    if report["weak_total"] > len(report["weak"]):
        more = report["weak_total"] - len(report["weak"])
        lines.append(f"  … and {more:,} more weak touchpoint{'s' if more != 1 else ''} (--top 0 lists them all)")
    if any("± up to" in r for w in report["weak"] for r in w["reasons"]):
        lines.append("  ± up to: the widest 95% interval the value and n allow (the answers' spread is not "
                     "in the data)")
    if report["priority"]:
        lines += ["", "Priority matrix (importance for loyalty vs performance against target)"]
        for quadrant in ("Fix first", "Keep it up", "Possible overinvestment", "Low priority"):
            names = [p["name"] for p in report["priority"] if p["quadrant"] == quadrant]
            if names:
                lines.append(f"  {quadrant}: {', '.join(names)}")
    if "since" in report:
        since = report["since"]
        if since is None:
            lines += ["", "Since: no earlier period in the data to compare with"]
        else:
            lines += ["", f"What got worse from {since['old']} to {since['new']}, by owner"]
            if not since["worse_by_owner"]:
                lines.append("  nothing")
            for owner, texts in since["worse_by_owner"].items():
                lines.append(f"  {owner}")
                lines += [line for text in texts for line in _wrapped(text, "    ▼ ")]
    paths = report["paths"]
    if paths["drop_offs"] or paths["warnings"]:
        lines += ["", "Paths (share of customers from the entry points)"]
        for d in paths["drop_offs"][:5]:
            lines.append(f"  {d['name']}: {d['reach']:.0%} arrive, {d['lost']:.0%} of all customers stop here")
        warnings = paths["warnings"]
        lines += [line for w in warnings[:WARNINGS_SHOWN] for line in _wrapped(w, "  ! ")]
        if len(warnings) > WARNINGS_SHOWN:
            lines.append(f"  … and {len(warnings) - WARNINGS_SHOWN:,} more path warnings (--json lists them all)")
    if report.get("problems"):
        lines += ["", "Evidence and links"] + [line for p in report["problems"] for line in _wrapped(p, "  ! ")]
    return "\n".join(lines)


def _wrapped(text: str, lead: str, width: int = REPORT_WIDTH) -> list[str]:
    """A list item wrapped at `width` between words, continued under its
    text (a reason naming several unsure figures ran to 130 columns)."""
    import textwrap  # only the text report needs it
    return textwrap.wrap(text, width, initial_indent=lead, subsequent_indent=" " * len(lead),
                         break_long_words=False, break_on_hyphens=False) or [lead.rstrip()]


def _columns(head: str, items: list[str], width: int = REPORT_WIDTH) -> list[str]:
    """`head` and the items two spaces apart, wrapped between items into
    lines of at most `width` (where an item fits), continued under the first."""
    lines, line = [], head
    for item in items:
        if line.strip() and line != head and len(line) + 2 + len(item) > width:
            lines.append(line)
            line = " " * len(head)
        line += item if line.endswith(" ") else f"  {item}"
    return [*lines, line]


def _check_filter(journey: Journey, args: argparse.Namespace) -> None:
    _check_known(journey, args.file, "segment", args.segment)
    _check_known(journey, args.file, "period", args.period)


def _check_known(journey: Journey, file: str, what: str, value: str | None) -> None:
    """A segment or period the data has (None: not asked for)."""
    known = journey.segments() if what == "segment" else journey.periods()
    if value is not None and value not in known:
        raise _InputError(f"{Path(file).name}: no measurements for {what} '{value}' "
                          f"(known: {', '.join(known) or 'none'})")


def _cmd_import(args: argparse.Namespace) -> int:
    """Any error exits 2 and leaves FILE byte for byte as it was: the plan is
    made and applied in memory, and the file is replaced atomically last."""
    from journeymap.io.atomic import WriteError
    from journeymap.io.importing import ImportError_, ImportOptions, apply_plan, read_source
    from journeymap.io.journey_file import save
    from journeymap.model.journey import JourneyError
    journey = _load(args.file)
    options = ImportOptions(args.sheet, args.layout, args.create_missing, _mapping(args),
                            date_order=args.date_order,
                            decimal={"comma": ",", "point": "."}.get(args.decimal or ""))
    progress = _TerminalProgress() if sys.stderr.isatty() else None
    try:
        try:
            plan = read_source(_data_source(args), journey, progress).plan(journey, options)
        finally:
            if progress:
                progress.clear()
        if not args.dry_run:
            apply_plan(journey, plan)
            save(journey, Path(args.file))
    except (ImportError_, JourneyError, WriteError) as exc:
        raise _InputError(str(exc)) from None
    if args.json:
        print(_json({**plan.report(), "dry_run": args.dry_run}))
    else:
        print("\n".join(plan.summary_lines()))
        print("dry run: nothing changed" if args.dry_run else f"updated {Path(args.file).name}")
    return 0


def _data_source(args: argparse.Namespace) -> Any:
    """The file, or the query in the database (--sql and --query)."""
    from journeymap.io.importing import SqlQuery
    if args.sql or args.query:
        if args.data or not (args.sql and args.query):
            raise UsageError("give a data file, or --sql URL and --query SQL")
        return SqlQuery(args.sql, args.query)
    if not args.data:
        raise UsageError("give the data file to import (or --sql URL and --query SQL)")
    return args.data


class _TerminalProgress:
    """A long read says it is still going on a terminal's stderr (never in a
    pipe or a log); Ctrl+C stops it, and nothing changes."""

    def __init__(self) -> None:
        self.shown = 0

    def __call__(self, elapsed: float) -> bool:
        if elapsed >= self.shown + 1:
            self.shown = int(elapsed)
            sys.stderr.write(f"\rreading… {self.shown} s ")
            sys.stderr.flush()
        return True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _mapping(args: argparse.Namespace) -> dict[str, str]:
    """--map and --mapping-file lines, COLUMN=CHOICE each (the last '=' splits)."""
    lines = list(args.map)
    if args.mapping_file:
        try:
            text = Path(args.mapping_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise _InputError(f"{Path(args.mapping_file).name}: cannot be read ({exc})") from None
        lines += [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    mapping = {}
    for line in lines:
        column, sep, choice = line.rpartition("=")
        if not sep or not column.strip() or not choice.strip():
            raise UsageError(f"--map '{line[:80]}': write COLUMN=TOUCHPOINT:METRIC, COLUMN=ROLE or COLUMN=ignore")
        mapping[column.strip()] = choice.strip()
    return mapping


def _cmd_drivers(args: argparse.Namespace) -> int:
    from journeymap.analysis.drivers import IMPORTANCE_METHOD, importance_by_touchpoint, run_drivers
    from journeymap.io.atomic import WriteError
    from journeymap.io.importing import ImportError_
    from journeymap.io.importing.respondents import read_respondents
    from journeymap.io.journey_file import save
    journey = _load(args.file)
    try:
        frame, tp_cols, outcomes, notes = read_respondents(journey, args.data, args.sheet, args.outcome)
    except ImportError_ as exc:
        raise _InputError(str(exc)) from None
    analysis = run_drivers(frame, tp_cols, outcomes)
    results, notes = analysis.results, notes + analysis.notes
    names = {tp.id: tp.name for tp in journey.touchpoints}
    if args.save:
        from journeymap.model.edits import apply_edits, importance_edits
        apply_edits(journey, importance_edits(journey, importance_by_touchpoint(results, outcomes[0])))
        try:
            save(journey, Path(args.file))
        except WriteError as exc:
            raise _InputError(str(exc)) from None
    if args.json:
        print(_json({"method": IMPORTANCE_METHOD, "respondents": len(frame), "outcomes": outcomes,
                          "notes": notes, "drivers": [
            {"touchpoint": r.touchpoint, "name": names.get(r.touchpoint, r.touchpoint), "outcome": r.outcome,
             "n": r.pearson.n, "pearson": r.pearson.r, "pearson_ci": [r.pearson.ci_low, r.pearson.ci_high],
             "spearman": r.spearman.r, "spearman_ci": [r.spearman.ci_low, r.spearman.ci_high],
             "importance": r.importance, "warnings": list(r.warnings)} for r in results]}))
    else:
        print(f"{len(frame)} respondents; {IMPORTANCE_METHOD}")
        for note in notes:
            print(f"note: {note}")
        for outcome in outcomes:
            print(f"\n{outcome}")
            rows = sorted((r for r in results if r.outcome == outcome), key=lambda r: -(r.importance or 0))
            for r in rows:
                rho = "–" if r.pearson.r is None else f"{r.pearson.r:+.2f}"
                ci = "" if r.pearson.ci_low is None else f" [{r.pearson.ci_low:+.2f}, {r.pearson.ci_high:+.2f}]"
                sp = "–" if r.spearman.r is None else f"{r.spearman.r:+.2f}"
                imp = "–" if r.importance is None else f"{r.importance:.0%}"
                warn = f"  ({'; '.join(r.warnings)})" if r.warnings else ""
                print(f"  {names.get(r.touchpoint, r.touchpoint):<28} importance {imp:>4}  r {rho}{ci}  "
                      f"rho {sp}  n {r.pearson.n}{warn}")
        if args.save:
            print(f"\nsaved importance for '{outcomes[0]}' in {Path(args.file).name}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from journeymap.analysis.scorecard import Filter
    from journeymap.io.atomic import WriteError
    from journeymap.io.limits import too_large_to_draw
    journey = _load(args.file)
    _check_filter(journey, args)
    out = Path(args.out)
    suffix = out.suffix.lower()
    flt = Filter(args.segment, args.period, args.state)
    problem = too_large_to_draw(journey) if suffix in (".png", ".svg", ".pdf") else None
    if problem:
        raise _InputError(f"{Path(args.file).name}: {problem}")
    try:
        if suffix == ".xlsx":
            from journeymap.io.excel_export import export_workbook
            export_workbook(journey, out, flt)
            message = f"wrote {out.name}"
        elif suffix == ".mmd":
            from journeymap.io.mermaid import export_mermaid
            export_mermaid(journey, out)
            message = f"wrote {out.name}"
        elif suffix in (".html", ".htm"):
            from journeymap.io.html_page import write_page
            write_page(journey, out)
            message = f"wrote {out.name} (one file, opens in any browser, no network needed)"
        elif suffix in (".png", ".svg", ".pdf"):
            # Pictures are drawn by the canvas code, so only these load Qt.
            from journeymap.qt.picture_export import export_picture
            message = export_picture(journey, out, flt, args.scale, args.page, args.tile,
                                     source=Path(args.file).resolve())
        else:
            raise UsageError(f"cannot export to '{suffix or out.name}': use .xlsx, .html, .png, .svg, .pdf or .mmd")
    except WriteError as exc:
        raise _InputError(str(exc)) from None
    except ValueError as exc:
        raise _InputError(f"{out.name}: {exc}") from None
    print(message)
    return 0


def _cmd_actions(args: argparse.Namespace) -> int:
    journey = _load(args.file)
    if args.csv:
        from journeymap.io.atomic import WriteError
        from journeymap.io.backlog_csv import write_backlog_csv
        try:
            n = write_backlog_csv(journey, args.csv, args.tracker, args.include_done, args.work_item_type)
        except WriteError as exc:
            raise _InputError(str(exc)) from None
        print(f"wrote {n} action{'s' if n != 1 else ''} to {Path(args.csv).name} for {args.tracker.title()}'s "
              "CSV importer")
        return 0
    shown = [a for a in journey.actions if args.include_done or a.is_open]
    if not shown:
        print("no open actions" if journey.actions else "no actions yet")
    for a in shown:
        names = ", ".join(journey.touchpoint(t).name for t in a.touchpoints) or "no touchpoint"
        extra = "".join(f"; {k} {v}" for k, v in (("owner", a.owner), ("due", a.due)) if v)
        print(f"[{a.status}] {a.title} ({names}; impact {a.impact}, effort {a.effort}{extra})")
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from journeymap.analysis.compare import compare_journeys, compare_periods, comparison_dict, comparison_text
    from journeymap.analysis.scorecard import Filter
    old = _load(args.old)
    if args.new is None:
        if not args.periods:
            raise UsageError("give a second file, or --periods FROM TO to compare two periods of one journey")
        for period in args.periods:
            _check_known(old, args.old, "period", period)
        comparison = compare_periods(old, args.periods[0], args.periods[1], segment=args.segment)
    else:
        if args.periods:
            raise UsageError("--periods compares one journey: give one file")
        new = _load(args.new)
        comparison = compare_journeys(old, new, Filter(args.segment, args.period),
                                      Path(args.old).name, Path(args.new).name)
    print(_json(comparison_dict(comparison)) if args.json else comparison_text(comparison))
    if args.fail_on == "worse":
        return 1 if comparison.worse() else 0
    return 0 if comparison.empty else 1


_COMMANDS = {"new": _cmd_new, "validate": _cmd_validate, "report": _cmd_report, "diff": _cmd_diff,
             "actions": _cmd_actions, "import": _cmd_import, "drivers": _cmd_drivers, "export": _cmd_export}


def _start_gui(argv: list[str]) -> int:
    try:
        from journeymap.qt.app import run
    except ImportError as exc:  # Qt libraries missing on this machine
        print(f"journeymap: cannot start the window: {exc}", file=sys.stderr)
        return 2
    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
