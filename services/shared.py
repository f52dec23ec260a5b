"""What a collaboration's members share with each other, and only that: apart from `SharedDetails`, the types
here have no field for a person, a comment, a plan text, a procurement's name or a single answer, so nothing
else can be shown from them, on a card, a page or an export. Gathered from each member's scores, snapshots,
plan statuses and quick-check answers.

`SharedDetails` (each answer with its comment and who gave it, and the action plan's items) exists only for a
member one of whose administrators turned it on (`samverkan dela detaljer`); every other member's is None.
Procurement names are never shared."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from model.scoring import Standing, score
from model.types import Model
from services.plan import DONE, OPEN, OVERDUE, POSTPONED
from services.reports import INDICATORS, SWEDEN, indicators
from storage import Database
from storage.collaborations import Collaboration, CollaborationMember

PLAN_STATUSES = (OPEN, POSTPONED, OVERDUE, DONE)


@dataclass(frozen=True)
class SharedLevel:
    level: int | None
    progress: float  # percent
    complete: bool

    @classmethod
    def of(cls, standing: Standing) -> "SharedLevel":
        return cls(standing.level, standing.progress, standing.complete)


@dataclass(frozen=True)
class TrendPoint:
    day: date  # Swedish date of the completed assessment
    level: int | None
    progress: float


@dataclass(frozen=True)
class IndicatorCount:
    key: str  # services.reports.INDICATORS
    year: int
    count: int  # procurements answered "yes"
    total: int  # where asked and relevant


@dataclass(frozen=True)
class SharedAnswer:
    row_key: str
    level: int | str  # 0-3, or "na" (not relevant)
    comment: str | None
    who: str  # the name of the person who answered
    day: date  # Swedish date of the answer


@dataclass(frozen=True)
class SharedPlanItem:
    what: str
    row_key: str | None
    owner: str  # the responsible person's name
    due_on: date
    status: str  # PLAN_STATUSES


@dataclass(frozen=True)
class SharedDetails:
    """What a member shares beyond its levels, only once one of its administrators turned it on."""

    since: date
    answers: tuple[SharedAnswer, ...]  # the organisation's own current answers, in the model's order
    plan: tuple[SharedPlanItem, ...]


@dataclass(frozen=True)
class SharedMember:
    """What one member shares with the others, and only that."""

    organisation_id: str
    name: str  # the organisation's
    kind: str
    joined_on: date
    administrator: bool  # the board's administrator organisation
    overall: SharedLevel
    crisis: SharedLevel
    steps: dict[str, SharedLevel]
    perspectives: dict[str, SharedLevel]
    cells: dict[str, SharedLevel]
    completion: float  # percent of the model's questions answered
    trend: tuple[TrendPoint, ...]
    plan: dict[str, int]  # action items per status (PLAN_STATUSES)
    indicators: tuple[IndicatorCount, ...]
    details: SharedDetails | None = None  # only for a member that turned sharing details on


@dataclass(frozen=True)
class BoardIndicator:
    """An indicator summed over the members, against annex 2's target, with each member's part."""

    key: str
    year: int
    count: int
    total: int
    target: int | None  # the annex's minimum share, percent
    shares: tuple[tuple[str, int, int], ...]  # (member's name, count, total)

    @property
    def share(self) -> float:
        return round(100 * self.count / self.total, 1)


@dataclass(frozen=True)
class Board:
    collaboration: Collaboration
    members: tuple[SharedMember, ...]
    indicators: tuple[BoardIndicator, ...]

    @property
    def administrator(self) -> str:
        return next((m.name for m in self.members if m.administrator), "")


async def gather_board(database: Database, model: Model, collaboration: Collaboration, now: datetime) -> Board:
    today = now.astimezone(SWEDEN).date()
    members = tuple([await _shared(database, model, collaboration, member, today)
                     for member in await database.collaborations.members(collaboration.id)])
    return Board(collaboration, members, _summed(model, members))


async def _shared(database: Database, model: Model, collaboration: Collaboration, member: CollaborationMember,
                  today: date) -> SharedMember:
    organisation = member.organisation
    given = await database.answers.current(organisation.id)
    answers = {key: a.value for key, a in given.items()}
    result = score(model, answers)
    snapshots = await database.snapshots.list(organisation.id)
    plan = {status: 0 for status in PLAN_STATUSES}
    items = await database.action_items.list(organisation.id)
    for item in items:
        plan[item.status_on(today)] += 1
    details = None
    if member.details_since is not None:
        details = SharedDetails(
            member.details_since.astimezone(SWEDEN).date(),
            tuple(SharedAnswer(row.key, given[row.key].value, given[row.key].comment, given[row.key].user_name,
                               given[row.key].answered_at.astimezone(SWEDEN).date())
                  for row in model.all_rows if row.key in given),
            tuple(SharedPlanItem(item.what, item.row_key, item.owner_name, item.due_on, item.status_on(today))
                  for item in items))
    checkins = await database.checkins.list(organisation.id, limit=None)
    return SharedMember(
        organisation.id, organisation.name, organisation.kind, member.joined_at.astimezone(SWEDEN).date(),
        organisation.id == collaboration.admin_organisation_id,
        SharedLevel.of(result.overall), SharedLevel.of(result.crisis),
        {k: SharedLevel.of(s) for k, s in result.steps.items()},
        {k: SharedLevel.of(s) for k, s in result.perspectives.items()},
        {k: SharedLevel.of(s) for k, s in result.cells.items()},
        round(100 * len([row for row in model.all_rows if row.key in answers]) / len(model.all_rows), 1),
        tuple(TrendPoint(s.taken_at.astimezone(SWEDEN).date(), s.score["overall"]["level"],
                         s.score["overall"]["progress"]) for s in snapshots),
        plan,
        tuple(IndicatorCount(f.spec.key, f.year, f.count, f.total) for f in indicators(checkins, model.annexes)),
        details,
    )


def _summed(model: Model, members: tuple[SharedMember, ...]) -> tuple[BoardIndicator, ...]:
    """Per indicator and year, newest year first; a member without a figure for that year is left out."""
    found = []
    for spec in INDICATORS:
        years = sorted({c.year for m in members for c in m.indicators if c.key == spec.key}, reverse=True)
        for year in years:
            shares = tuple((m.name, c.count, c.total) for m in members for c in m.indicators
                           if c.key == spec.key and c.year == year)
            found.append(BoardIndicator(spec.key, year, sum(s[1] for s in shares), sum(s[2] for s in shares),
                                        model.annexes.annex2.target_percent(spec.annex_keys), shares))
    return tuple(found)
