"""What a report shows, gathered from storage; the reckoning (changes, trends, medians) is pure."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median
from typing import Callable
from zoneinfo import ZoneInfo

from storage import Database, Organisation, RowAnswer, Snapshot, Unit
from storage.checkins import Checkin
from storage.plans import ActionItem
from model.annexes import Annexes
from model.checks import DONE, NOT_RELEVANT
from model.scoring import Recommendation, Score, Standing, recommendations, score
from model.types import CRISIS_CELL, Answer, Model
from services.findings import Finding, finding
from services.membership import Membership, Speaker

UP, DOWN, SAME = "↑", "↓", "→"
# Fewer organisations than this and a median could point at one of them.
MIN_COMPARISON = 5
LINK_LIFETIME = timedelta(days=7)  # how long a report link opens the report
UNIT_NEXT_STEPS = 3  # per unit in the report: enough to act on, short enough for many units
SWEDEN = ZoneInfo("Europe/Stockholm")


async def take_snapshot(database: Database, model: Model, organisation_id: str, assessment_id: int,
                        now: datetime, unit_id: int | None = None) -> Snapshot:
    """Keeps the organisation's (or the unit's) whole current standing when an assessment completes, for its
    trend."""
    answers = {key: a.value for key, a in (await database.answers.current(organisation_id, unit_id=unit_id)).items()}
    return await database.snapshots.take(organisation_id, assessment_id, answers, score(model, answers).to_dict(), now,
                                         unit_id)


def baseline(snapshots: list[Snapshot], answers: dict[str, Answer]) -> Snapshot | None:
    """The snapshot to measure change against. The latest one is usually the assessment just completed,
    the current standing itself; then the change a reader wants is against the one before it."""
    if snapshots and snapshots[-1].answers == answers:
        return snapshots[-2] if len(snapshots) > 1 else None
    return snapshots[-1] if snapshots else None


def change(now: Standing, before: dict | None) -> str | None:
    """↑ ↓ → for a standing against its earlier self: level first, then progress within the level."""
    if before is None or now.level is None or before.get("level") is None:
        return None
    current, earlier = (now.level, now.progress), (before["level"], before["progress"])
    return UP if current > earlier else DOWN if current < earlier else SAME


def changes(result: Score, before: Snapshot | None) -> dict[str, str]:
    """Per cell ("1.S" … "4.M", "K") and "overall", where both sides have a level."""
    if before is None:
        return {}
    pairs = {**{key: (standing, before.score["cells"].get(key)) for key, standing in result.cells.items()},
             CRISIS_CELL: (result.crisis, before.score["crisis"]), "overall": (result.overall, before.score["overall"])}
    found = {key: change(now, earlier) for key, (now, earlier) in pairs.items()}
    return {key: arrow for key, arrow in found.items() if arrow is not None}


def percent(value: float, lang: str, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}"
    return f"{text.replace('.', ',') if lang == 'sv' else text} %"


def progress_over_time(snapshots: list[Snapshot]) -> list[tuple[datetime, float]]:
    return [(snapshot.taken_at, snapshot.score["overall"]["progress"]) for snapshot in snapshots]


@dataclass(frozen=True)
class Comparison:
    participants: int  # opted-in organisations of the same kind with a completed assessment
    medians: dict[str, float]  # per cell, only where enough of them have a level

    @property
    def shown(self) -> bool:
        return self.participants >= MIN_COMPARISON


def compare(group: list[Snapshot], cell_keys: list[str]) -> Comparison:
    medians = {}
    for key in cell_keys:
        levels = [level for s in group if (level := s.score["cells"].get(key, {}).get("level")) is not None]
        if len(levels) >= MIN_COMPARISON:
            medians[key] = median(levels)
    return Comparison(len(group), medians if len(group) >= MIN_COMPARISON else {})


@dataclass(frozen=True)
class IndicatorSpec:
    """An annex 2 indicator as far as the quick check asks it: `item` answered "yes" counts."""

    key: str
    item: str  # a check or crisis prompt key (model/content/checks.yaml, crisis.yaml)
    critical_only: bool  # counted among crisis-critical procurements only
    annex_keys: tuple[str, ...]  # the annex 2 indicators it speaks to


INDICATORS = (
    IndicatorSpec("environmental_requirements", "environment", False, ("environmental_requirements",)),
    # The check asks about the three social considerations together, so they are counted together.
    IndicatorSpec("social_considerations", "social", False,
                  ("employment_requirements", "labour_law_conditions", "reserved_procurements")),
    IndicatorSpec("crisis_terms", "crisis_availability", True, ()),
)


@dataclass(frozen=True)
class IndicatorFigure:
    spec: IndicatorSpec
    year: int
    count: int  # procurements answered "yes"
    total: int  # procurements where it was asked and relevant
    target: int | None  # the annex's example minimum, percent

    @property
    def share(self) -> float:
        return round(100 * self.count / self.total, 1)


def indicators(checkins: list[Checkin], annexes: Annexes) -> list[IndicatorFigure]:
    """Per indicator and year (Swedish time, the year of the quick check), newest year first. Unasked
    and "ej relevant" answers stay out of the count and the denominator; nothing is guessed."""
    figures = []
    for spec in INDICATORS:
        by_year: dict[int, list[bool]] = {}
        for checkin in checkins:
            answer = checkin.answers.get(spec.item)
            if answer is None or answer == NOT_RELEVANT or (spec.critical_only and not checkin.critical):
                continue
            by_year.setdefault(checkin.created_at.astimezone(SWEDEN).year, []).append(answer == DONE)
        target = annexes.annex2.target_percent(spec.annex_keys)
        figures += [IndicatorFigure(spec, year, sum(found), len(found), target)
                    for year, found in sorted(by_year.items(), reverse=True)]
    return figures


@dataclass(frozen=True)
class UnitReport:
    """A unit's own grid: its answers count for it alone, never for the organisation's grid."""

    unit: Unit
    answers: dict[str, RowAnswer]
    result: Score
    next_steps: list[Recommendation]  # towards the organisation's target


@dataclass(frozen=True)
class Report:
    organisation: Organisation
    answers: dict[str, RowAnswer]
    result: Score
    snapshots: list[Snapshot]
    before: Snapshot | None  # what the changes are measured against
    changes: dict[str, str]
    comparison: Comparison | None  # None: the organisation does not take part
    plan: list[ActionItem]
    indicators: list[IndicatorFigure]
    units: list[UnitReport]
    finding: Finding | None = None  # what the organisation's workshops showed; None: it held none
    # How many workshops with answers were held for whom: the organisation itself (None) first, then each unit's.
    workshops_for: list[tuple[Unit | None, int]] = field(default_factory=list)


class Comparisons:
    """The medians of each comparison group, worked out again only when the group changed: a report page
    asks the database whether it did (storage.Snapshots.comparison_group_version) instead of reading and
    decoding the snapshot of every organisation in the group."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._known: dict[str, tuple[object, Comparison]] = {}  # per organisation kind, of which there are few

    async def of(self, kind: str, cell_keys: list[str]) -> Comparison:
        version = (await self._database.snapshots.comparison_group_version(kind), tuple(cell_keys))
        known = self._known.get(kind)
        if known is not None and known[0] == version:
            return known[1]
        comparison = compare(await self._database.snapshots.latest_of_comparison_group(kind), cell_keys)
        self._known[kind] = (version, comparison)
        return comparison


async def gather(database: Database, model: Model, organisation: Organisation,
                 comparisons: Comparisons | None = None) -> Report:
    answers = await database.answers.current(organisation.id)
    values = {key: a.value for key, a in answers.items()}
    result = score(model, values)
    snapshots = await database.snapshots.list(organisation.id)
    comparison = None
    if await database.snapshots.compares(organisation.id):
        comparisons = comparisons or Comparisons(database)
        comparison = await comparisons.of(organisation.kind, list(result.cells))
    checkins = await database.checkins.list(organisation.id, limit=None)
    before = baseline(snapshots, values)
    votes = await database.workshops.votes_of_organisation(organisation.id)
    found = finding(model, votes, await database.workshops.outcomes_of_organisation(organisation.id)) if votes else None
    units = await database.units.list(organisation.id)
    return Report(organisation, answers, result, snapshots, before, changes(result, before), comparison,
                  await database.action_items.list(organisation.id), indicators(checkins, model.annexes),
                  [await _unit_report(database, model, organisation, unit) for unit in units], found,
                  await _workshops_for(database, organisation, units, {vote.workshop_id for vote in votes}))


async def _workshops_for(database: Database, organisation: Organisation, units: list[Unit],
                         answered: set[int]) -> list[tuple[Unit | None, int]]:
    held = [w.unit_id for w in await database.workshops.of_organisation(organisation.id) if w.id in answered]
    return [(whom, held.count(whom and whom.id)) for whom in (None, *units) if (whom and whom.id) in held]


async def _unit_report(database: Database, model: Model, organisation: Organisation, unit: Unit) -> UnitReport:
    answers = await database.answers.current(organisation.id, unit_id=unit.id)
    values = {key: a.value for key, a in answers.items()}
    result = score(model, values)
    return UnitReport(unit, answers, result,
                      recommendations(model, values, organisation.target, UNIT_NEXT_STEPS, result) if answers else [])


class ReportSharing:
    """Who sees the report: links that name their maker, revoking them all, and the anonymous comparison.
    `sign` makes a link's address (reports.pages.ReportTokens.url)."""

    def __init__(self, database: Database, membership: Membership, clock: Callable[[], datetime],
                 sign: Callable[..., str]) -> None:
        self._database, self._membership, self._clock, self._sign = database, membership, clock, sign

    async def link(self, speaker: Speaker, organisation: Organisation, lang: str) -> str:
        """A link that works for LINK_LIFETIME, while its maker stays a member and nobody revokes the links."""
        generation = await self._database.report_links.generation(organisation.id)
        return self._sign(organisation, lang, self._clock(), made_by=speaker.user_id, generation=generation)

    async def revoke_links(self, speaker: Speaker, organisation_id: str) -> None:
        """Every link made so far stops working (administrators only)."""
        await self._membership.require_admin(speaker, organisation_id)
        await self._database.report_links.revoke_all(organisation_id, self._clock())

    async def set_comparison(self, speaker: Speaker, organisation_id: str, taking_part: bool) -> None:
        """Whether the organisation is among those the report's medians are drawn from (administrators only)."""
        await self._membership.require_admin(speaker, organisation_id)
        await self._database.snapshots.set_comparison(organisation_id, taking_part, speaker.user_id, self._clock())

