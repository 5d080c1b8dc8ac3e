"""Where customers go: the share that reaches each touchpoint from the entry
points, the biggest drop-offs, and structural warnings (networkx).

Entry points are the touchpoints of the earliest phase that nothing leads
into; customers start spread evenly over them. A connection's share is the
part of the customers at its source who take it; where a touchpoint's
outgoing shares are partly unknown, the unknown ones split what the known
ones leave. The journey is read as an absorbing Markov chain:

* visits: the expected number of times a customer passes a touchpoint,
  visits = start + sum(visits(src) x share), solved exactly (a linear system
  per loop);
* reach: the probability that a customer gets there at all, visits divided
  by the expected visits of a customer who starts there (the diagonal of the
  loop's fundamental matrix). Without loops the two are equal; in a support
  loop the chat can have 1.4 visits per customer while 70% reach it.

A loop whose outgoing shares add up to more than everyone, or that sends
everyone round forever, cannot be solved: it is named in a warning, its
touchpoints get no figure, and the rest is computed without it. A touchpoint
with no way on, outside the last phase, is a dead end (the last phase is where
journeys are meant to end).

Cost: one pass over the map (strongly connected components in topological
order, one search from all entry points together) plus a dense solve per
loop, cubic in the loop's size only. numpy is imported only when there is a
loop to solve, so importing this module (the CLI's report) stays cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from journeymap.model.entities import Connection
from journeymap.model.journey import Journey


@dataclass(frozen=True)
class DropOff:
    """A touchpoint where customers stop, and how many."""

    touchpoint: str
    name: str
    reach: float       # share of all customers that arrive here
    lost: float        # share of all customers that stop here


@dataclass
class PathReport:
    """Where customers enter, how many reach each touchpoint, and where they stop."""

    entries: list[str]
    reach: dict[str, float | None]    # probability of getting there; None where a loop cannot be solved
    drop_offs: list[DropOff]
    unreachable: list[str]
    dead_ends: list[str]
    edge_shares: dict[tuple[str, str], float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    visits: dict[str, float | None] = field(default_factory=dict)  # expected passes per customer


def _successors(journey: Journey) -> dict[str, list[str]]:
    """Touchpoint -> the touchpoints its connections lead to, in map order.
    Read from the journey's public lists, not its graph object, so this
    module does not care how the model stores connections."""
    succ: dict[str, list[str]] = {tp.id: [] for tp in journey.touchpoints}
    for c in journey.connections:
        succ[c.source].append(c.target)
    return succ


def effective_shares(journey: Journey) -> dict[tuple[str, str], float]:
    by_source: dict[str, list[Connection]] = {tp.id: [] for tp in journey.touchpoints}
    for c in journey.connections:
        by_source[c.source].append(c)
    shares: dict[tuple[str, str], float] = {}
    for out in by_source.values():
        known = sum(c.share for c in out if c.share is not None)
        unknown = [c for c in out if c.share is None]
        rest = max(0.0, 1.0 - known) / len(unknown) if unknown else 0.0
        for c in out:
            shares[c.key] = c.share if c.share is not None else rest
    return shares


def entry_points(journey: Journey) -> list[str]:
    order = {p.id: i for i, p in enumerate(journey.phases)}
    has_in = {c.target for c in journey.connections}
    has_out = {c.source for c in journey.connections}
    starts = [tp for tp in journey.touchpoints if tp.id not in has_in and tp.id in has_out]
    if not starts:
        return []
    first = min(order[tp.phase] for tp in starts)
    return [tp.id for tp in starts if order[tp.phase] == first]


def _components(nodes: list[str], succ: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components in topological order (every connection
    between two components goes from an earlier one to a later one).
    Tarjan's algorithm without recursion: a 10,000-touchpoint chain would
    overflow Python's stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ[child])))
                    break
                if child in on_stack and index[child] < low[node]:
                    low[node] = index[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    found.append(members)
    found.reverse()  # Tarjan finds sinks first
    return found


def _solve_reach(succ: dict[str, list[str]], nodes: list[str], entries: list[str],
                 shares: dict[tuple[str, str], float], totals: dict[str, float],
                 names: dict[str, str]) -> tuple[dict[str, float | None], dict[str, float | None], list[str]]:
    """(reach, visits, warnings), one strongly connected component at a time
    in topological order: exact for loops, and linear in the size of the map
    when loops are small (a dense solve over 2,000 touchpoints would cost seconds)."""
    reach: dict[str, float | None] = dict.fromkeys(nodes, 0.0)
    visits: dict[str, float | None] = dict.fromkeys(nodes, 0.0)
    inflow = dict.fromkeys(nodes, 0.0)
    for n in entries:
        inflow[n] = 1.0 / len(entries)
    position = {n: i for i, n in enumerate(nodes)}
    warnings: list[str] = []
    for members in _components(nodes, succ):
        if len(members) == 1 and members[0] not in succ[members[0]]:
            n = members[0]
            reach[n] = visits[n] = inflow[n]
            if inflow[n]:
                for t_node in succ[n]:
                    inflow[t_node] += inflow[n] * shares[(n, t_node)]
            continue
        if not any(inflow[n] for n in members):
            continue  # no customer arrives: nothing to solve, whatever its shares
        # Map order, so a warning names the same touchpoints on every run.
        members.sort(key=position.__getitem__)
        solved = _solve_loop(succ, shares, totals, members, inflow)
        if isinstance(solved, str):
            loop = ", ".join(f"'{names[n]}'" for n in members[:4])
            warnings.append(f"the loop through {loop} cannot be solved ({solved}); its touchpoints have no "
                            "reach, and figures after it leave it out")
            for n in members:
                reach[n] = visits[n] = None
            continue
        inside = set(members)
        for n, (v, p) in solved.items():
            visits[n], reach[n] = v, p
            for t_node in succ[n]:
                if t_node not in inside:
                    inflow[t_node] += v * shares[(n, t_node)]
    return reach, visits, warnings


# Loops up to this size are solved in plain Python: a customer journey's
# support loop has a handful of touchpoints, and importing numpy for it took
# longer than the whole rest of a report.
SMALL_LOOP = 24


def _solve_loop(succ: dict[str, list[str]], shares: dict[tuple[str, str], float], totals: dict[str, float],
                members: list[str], inflow: dict[str, float]) -> dict[str, tuple[float, float]] | str:
    """Expected visits and reach probability of a loop's touchpoints, or why not."""
    for s_node in members:
        if totals[s_node] > 1.0 + 1e-9:
            return f"the shares leaving it add up to {totals[s_node]:.0%}"
    index = {n: i for i, n in enumerate(members)}
    rows, cols, values = [], [], []
    for s_node in members:
        for t_node in succ[s_node]:
            i = index.get(t_node)
            if i is not None:
                rows.append(i)
                cols.append(index[s_node])
                values.append(shares[(s_node, t_node)])
    size = len(members)
    start = [inflow[n] for n in members]
    if size <= SMALL_LOOP:
        solved = _fundamental_small(size, rows, cols, values, start)
    else:
        solved = _fundamental_numpy(size, rows, cols, values, start)
    if solved is None:
        return "it sends everyone round forever"
    visits_list, diagonal = solved
    if any(not math.isfinite(v) or v < -1e-9 for v in visits_list) or any(
            not math.isfinite(d) or d < 1 - 1e-9 for d in diagonal):
        return "it sends everyone round forever"
    return {n: (visits_list[i], visits_list[i] / diagonal[i]) for n, i in index.items()}


def _fundamental_numpy(size: int, rows: list[int], cols: list[int], values: list[float],
                       start: list[float]) -> tuple[list[float], list[float]] | None:
    """(visits, diagonal of (I - flow)^-1) for a big loop."""
    import numpy as np  # lazily: only a map with a big loop pays for it

    flow = np.zeros((size, size))
    flow[rows, cols] = values  # (source, target) pairs are unique: no sums needed
    try:
        fundamental = np.linalg.inv(np.eye(size) - flow)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(fundamental)):
        return None
    return (fundamental @ np.array(start)).tolist(), np.diag(fundamental).tolist()


def _fundamental_small(size: int, rows: list[int], cols: list[int], values: list[float],
                       start: list[float]) -> tuple[list[float], list[float]] | None:
    """The same for a small loop, by Gauss-Jordan elimination with partial
    pivoting on [I - flow | I]; None when I - flow is singular."""
    a = [[(1.0 if r == c else 0.0) for c in range(size)] + [(1.0 if r == c else 0.0) for c in range(size)]
         for r in range(size)]
    for r, c, v in zip(rows, cols, values, strict=True):
        a[r][c] -= v
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        lead = a[col][col]
        row = a[col] = [x / lead for x in a[col]]
        for r in range(size):
            if r != col and a[r][col]:
                factor = a[r][col]
                a[r] = [x - factor * y for x, y in zip(a[r], row, strict=True)]
    inverse = [line[size:] for line in a]
    visits = [math.fsum(inverse[i][j] * start[j] for j in range(size)) for i in range(size)]
    return visits, [inverse[i][i] for i in range(size)]


def _reachable(entries: list[str], succ: dict[str, list[str]]) -> set[str]:
    """Everything some entry point leads to: one search from all of them."""
    seen = set(entries)
    todo = list(entries)
    while todo:
        for t_node in succ[todo.pop()]:
            if t_node not in seen:
                seen.add(t_node)
                todo.append(t_node)
    return seen


def analyse_paths(journey: Journey) -> PathReport:
    succ = _successors(journey)
    has_in = {c.target for c in journey.connections}
    names = {tp.id: tp.name for tp in journey.touchpoints}
    entries = entry_points(journey)
    shares = effective_shares(journey)
    warnings: list[str] = []
    totals: dict[str, float] = {}
    for tp in journey.touchpoints:
        total = totals[tp.id] = sum(shares[(tp.id, t)] for t in succ[tp.id])
        if total > 1.0 + 1e-9:
            warnings.append(f"the shares leaving '{tp.name}' add up to {total:.0%}, more than everyone")
    nodes = [tp.id for tp in journey.touchpoints]
    reach: dict[str, float | None] = dict.fromkeys(nodes, 0.0)
    visits: dict[str, float | None] = dict(reach)
    if entries:
        reach, visits, loop_warnings = _solve_reach(succ, nodes, entries, shares, totals, names)
        warnings += loop_warnings
    reachable = _reachable(entries, succ)
    connected = [n for n in nodes if succ[n] or n in has_in]
    unreachable = [n for n in connected if n not in reachable]
    last_phase = journey.phases[-1].id if journey.phases else None
    dead_ends = [n for n in connected if not succ[n] and journey.touchpoint(n).phase != last_phase]
    drops = []
    for n in nodes:
        reached, visited = reach[n], visits[n]
        if not succ[n] or not reached or visited is None:
            continue
        # Customers stop here once, however often they passed: visits, not reach.
        lost = visited * max(0.0, 1.0 - totals[n])
        if lost > 1e-9:
            drops.append(DropOff(n, names[n], reached, lost))
    drops.sort(key=lambda d: -d.lost)
    for n in unreachable:
        warnings.append(f"'{names[n]}' cannot be reached from the entry points")
    for n in dead_ends:
        warnings.append(f"'{names[n]}' is a dead end: no connection leads on, and it is not in the last phase")
    return PathReport(entries, reach, drops, unreachable, dead_ends, shares, warnings, visits)
