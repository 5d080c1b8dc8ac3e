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
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from journeymap.model.journey import Journey


@dataclass(frozen=True)
class DropOff:
    touchpoint: str
    name: str
    reach: float       # share of all customers that arrive here
    lost: float        # share of all customers that stop here


@dataclass
class PathReport:
    entries: list[str]
    reach: dict[str, float | None]    # probability of getting there; None where a loop cannot be solved
    drop_offs: list[DropOff]
    unreachable: list[str]
    dead_ends: list[str]
    edge_shares: dict[tuple[str, str], float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    visits: dict[str, float | None] = field(default_factory=dict)  # expected passes per customer


def effective_shares(journey: Journey) -> dict[tuple[str, str], float]:
    shares: dict[tuple[str, str], float] = {}
    for tp in journey.touchpoints:
        out = [journey.connection(tp.id, t) for t in journey.graph.successors(tp.id)]
        known = sum(c.share for c in out if c.share is not None)
        unknown = [c for c in out if c.share is None]
        rest = max(0.0, 1.0 - known) / len(unknown) if unknown else 0.0
        for c in out:
            shares[c.key] = c.share if c.share is not None else rest
    return shares


def entry_points(journey: Journey) -> list[str]:
    order = {p.id: i for i, p in enumerate(journey.phases)}
    starts = [tp for tp in journey.touchpoints if journey.graph.in_degree(tp.id) == 0
              and journey.graph.out_degree(tp.id) > 0]
    if not starts:
        return []
    first = min(order[tp.phase] for tp in starts)
    return [tp.id for tp in starts if order[tp.phase] == first]


def _solve_reach(graph: nx.DiGraph, nodes: list[str], entries: list[str], shares: dict[tuple[str, str], float],
                 names: dict[str, str]) -> tuple[dict, dict, list[str]]:
    """(reach, visits, warnings), one strongly connected component at a time
    in topological order: exact for loops, and linear in the size of the map
    when loops are small (a dense solve over 2,000 touchpoints would cost seconds)."""
    reach: dict[str, float | None] = {n: 0.0 for n in nodes}
    visits: dict[str, float | None] = {n: 0.0 for n in nodes}
    inflow = {n: (1.0 / len(entries) if n in entries else 0.0) for n in nodes}
    warnings: list[str] = []
    condensed = nx.condensation(graph)
    for component in nx.topological_sort(condensed):
        members = list(condensed.nodes[component]["members"])
        if len(members) == 1 and not graph.has_edge(members[0], members[0]):
            n = members[0]
            reach[n] = visits[n] = inflow[n]
            _pass_on(graph, shares, n, inflow[n], {n}, inflow)
            continue
        if not any(inflow[n] for n in members):
            continue  # no customer arrives: nothing to solve, whatever its shares
        solved = _solve_loop(graph, shares, members, inflow)
        if isinstance(solved, str):
            loop = ", ".join(f"'{names[n]}'" for n in sorted(members, key=nodes.index)[:4])
            warnings.append(f"the loop through {loop} cannot be solved ({solved}); its touchpoints have no "
                            "reach, and figures after it leave it out")
            for n in members:
                reach[n] = visits[n] = None
            continue
        for n, (v, p) in solved.items():
            visits[n], reach[n] = v, p
            _pass_on(graph, shares, n, v, set(members), inflow)
    return reach, visits, warnings


def _pass_on(graph, shares, node: str, visits: float, inside: set[str], inflow: dict[str, float]) -> None:
    for t_node in graph.successors(node):
        if t_node not in inside:
            inflow[t_node] += visits * shares[(node, t_node)]


def _solve_loop(graph, shares, members: list[str], inflow) -> dict[str, tuple[float, float]] | str:
    """Expected visits and reach probability of a loop's touchpoints, or why not."""
    index = {n: i for i, n in enumerate(members)}
    flow = np.zeros((len(members), len(members)))
    for s_node in members:
        total = sum(shares[(s_node, t)] for t in graph.successors(s_node))
        if total > 1.0 + 1e-9:
            return f"the shares leaving it add up to {total:.0%}"
        for t_node in graph.successors(s_node):
            if t_node in index:
                flow[index[t_node], index[s_node]] = shares[(s_node, t_node)]
    try:
        fundamental = np.linalg.inv(np.eye(len(members)) - flow)
    except np.linalg.LinAlgError:
        return "it sends everyone round forever"
    visits = fundamental @ np.array([inflow[n] for n in members])
    if not np.all(np.isfinite(fundamental)) or (visits < -1e-9).any() or (np.diag(fundamental) < 1 - 1e-9).any():
        return "it sends everyone round forever"
    return {n: (float(visits[i]), float(visits[i] / fundamental[i, i])) for n, i in index.items()}


def analyse_paths(journey: Journey) -> PathReport:
    graph = journey.graph
    names = {tp.id: tp.name for tp in journey.touchpoints}
    entries = entry_points(journey)
    shares = effective_shares(journey)
    warnings: list[str] = []
    for tp in journey.touchpoints:
        total = sum(shares[(tp.id, t)] for t in graph.successors(tp.id))
        if total > 1.0 + 1e-9:
            warnings.append(f"the shares leaving '{tp.name}' add up to {total:.0%}, more than everyone")
    nodes = [tp.id for tp in journey.touchpoints]
    reach: dict[str, float | None] = {n: 0.0 for n in nodes}
    visits: dict[str, float | None] = dict(reach)
    if entries:
        reach, visits, loop_warnings = _solve_reach(graph, nodes, entries, shares, names)
        warnings += loop_warnings
    reachable = set(entries)
    for e in entries:
        reachable |= nx.descendants(graph, e)
    connected = [n for n in nodes if graph.degree(n) > 0]
    unreachable = [n for n in connected if n not in reachable]
    last_phase = journey.phases[-1].id if journey.phases else None
    dead_ends = [n for n in connected if graph.out_degree(n) == 0 and journey.touchpoint(n).phase != last_phase]
    drops = []
    for n in nodes:
        out = graph.out_degree(n)
        if out == 0 or not reach[n]:
            continue
        continuing = sum(shares[(n, t)] for t in graph.successors(n))
        # Customers stop here once, however often they passed: visits, not reach.
        lost = visits[n] * max(0.0, 1.0 - continuing)
        if lost > 1e-9:
            drops.append(DropOff(n, names[n], reach[n], lost))
    drops.sort(key=lambda d: -d.lost)
    for n in unreachable:
        warnings.append(f"'{names[n]}' cannot be reached from the entry points")
    for n in dead_ends:
        warnings.append(f"'{names[n]}' is a dead end: no connection leads on, and it is not in the last phase")
    return PathReport(entries, reach, drops, unreachable, dead_ends, shares, warnings, visits)
