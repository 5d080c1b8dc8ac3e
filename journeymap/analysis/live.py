"""One journey's analysis for one view, kept current edit by edit.

The scene, the panels, presentation mode and exports all read the same
object instead of recomputing: scorecards, statuses and the weak ranking. An
edit recomputes only what it touched (a touchpoint, its phase or phases, the
journey totals) and says which cards now read differently.
"""

from __future__ import annotations

from journeymap.model.change import Change
from journeymap.model.journey import Journey

from .scorecard import Filter, Scorecards, view_filter
from .status import Status
from .weak import RankedList, Ranking


class JourneyAnalysis:
    def __init__(self, journey: Journey, flt: Filter = Filter()) -> None:
        self.journey = journey
        self.filter = flt
        self.cards = Scorecards(journey, flt)
        self._ranking = Ranking(self.cards)
        # What the last update changed, for the views that draw it; of those,
        # the cards whose rank alone moved (a card above them came or went).
        self.changed_cards: set[str] = set()
        self.rank_only: set[str] = set()
        self.changed_phases = True
        self.ranking_changed = True
        self.recomputed_all = True

    @property
    def weak(self) -> RankedList:
        """Worst first (built when first asked for after a change)."""
        return self._ranking.entries()

    def rank_of(self, tp_id: str) -> int | None:
        return self._ranking.rank_of(tp_id)

    def ranks(self) -> dict[str, int]:
        """Every ranked card's rank."""
        return self._ranking.ranks()

    def update(self, change: Change) -> None:
        """Bring the figures up to date after `change`."""
        j = self.journey
        if (change.everything or change.metrics
                or view_filter(j, self.filter) != self.cards.filter):
            # A metric's definition or the view's period changes every figure.
            self._recompute_all()
            return
        # Measured nodes that are not phases are touchpoints (or were: a
        # removed touchpoint's measurements go before it).
        tps = change.touchpoints | {n for n in change.measured if not j.has_phase(n)}
        before = {t: self.cards.touchpoints.get(t) for t in tps}
        self.cards.update(tps, set())
        changed = {t for t in tps if before[t] != self.cards.touchpoints.get(t)}
        # A phase rolls up its cards: it is recomputed when one of its cards'
        # results changed, when cards joined or left it (a card's phase is
        # only in touched_phases then), or for its own values and targets.
        phases = {j.touchpoint(t).phase for t in changed if j.has_touchpoint(t)}
        if change.layout or change.structure:
            phases |= change.touched_phases
        if changed:
            phases |= change.touched_phases  # a removed card's old phase
        phases |= change.phases | {n for n in change.measured if j.has_phase(n)}
        phase_before = {p: self.cards.phase_status(p) for p in phases}
        self.cards.update(set(), phases)
        self.recomputed_all = False
        self.changed_phases = bool(change.layout) or any(
            self.cards.phase_status(p) != s for p, s in phase_before.items()) or bool(change.phases)
        if change.importance or change.phases or change.lanes:
            # Importance weighs every score by the mean; phase and lane order
            # break ties: the whole ranking is redone.
            old_rank = self._ranking.ranks()
            parts = self._ranking.parts  # each card's shortfall is still good unless the card changed
            for t in tps:
                parts.pop(t, None)
            self._ranking = Ranking(self.cards, parts)
            new_rank = self._ranking.ranks()
            moved_rank = {t for t in old_rank.keys() | new_rank.keys() if old_rank.get(t) != new_rank.get(t)}
        elif changed or change.touchpoints:
            # Only the stretch of the order between where the cards left and
            # joined it changes rank (comparing every rank cost more than the
            # rest of an edit on a big map).
            was_ranked = {t for t in tps if self._ranking.rank_of(t) is not None}
            moved_rank = self._ranking.ids_between(*self._ranking.update(tps)) | was_ranked
        else:
            moved_rank = set()
        # A renamed weak card reads differently in the list though its rank stays.
        self.ranking_changed = (bool(moved_rank) or bool(changed)
                                or any(self._ranking.rank_of(t) is not None for t in change.touchpoints))
        self.changed_cards = changed | moved_rank | change.touchpoints
        self.rank_only = moved_rank - changed - tps

    def set_filter(self, flt: Filter) -> None:
        self.filter = flt
        self._recompute_all()

    def _recompute_all(self) -> None:
        self.cards = Scorecards(self.journey, self.filter)
        self._ranking = Ranking(self.cards)
        self.changed_cards = set(self.cards.touchpoints)
        self.rank_only = set()
        self.changed_phases = self.ranking_changed = self.recomputed_all = True

    def phase_statuses(self) -> dict[str, Status]:
        return {p.id: self.cards.phase_status(p.id) for p in self.journey.phases}
