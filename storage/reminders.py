"""What decides whether and where a nudge goes: conversation references, people's pauses and stops,
each organisation's reminder settings, and assessments that call for a reminder."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import (
    UtcDateTime, answers, as_utc, assessments, conversation_references, conversations, insert, nudges, organisations,
    planning_marks, reminder_preferences, reminder_settings,
)
from model.schedule import OfficeHours

USER, CONVERSATION = "user", "conversation"


@dataclass(frozen=True)
class ConversationReference:
    tenant_id: str
    conversation_id: str
    reference: dict  # botbuilder's ConversationReference, serialised by the bot layer
    personal_user_id: str | None
    lang: str
    updated_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True)
class Preference:
    paused_until: datetime | None
    stopped: bool

    def blocks_until(self, now: datetime) -> datetime | None:
        """None: nudges may go. Else when they may go again (datetime.max while stopped)."""
        if self.stopped:
            return datetime.max.replace(tzinfo=now.tzinfo)
        return self.paused_until if self.paused_until and self.paused_until > now else None


@dataclass(frozen=True)
class ReminderSettings:
    office_start: time = time(9, 0)
    office_end: time = time(16, 0)
    timezone: str = "Europe/Stockholm"
    heads_up_days: int = 7
    reassess_months: int = 12

    @property
    def office_hours(self) -> OfficeHours:
        return OfficeHours(self.office_start, self.office_end, self.timezone)


@dataclass(frozen=True)
class AssessmentMoment:
    """An assessment and the last time anyone worked on it."""

    assessment_id: int
    organisation_id: str
    tenant_id: str
    user_id: str  # who started it
    last_activity: datetime


class ConversationReferences:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def remember(self, tenant_id: str, conversation_id: str, reference: dict, personal_user_id: str | None,
                       lang: str, now: datetime) -> None:
        """Stores where the bot can post later; a conversation that had removed the bot counts as back."""
        statement = insert(self._engine, conversation_references).values(
            tenant_id=tenant_id, conversation_id=conversation_id, reference=reference,
            personal_user_id=personal_user_id, lang=lang, updated_at=as_utc(now), removed_at=None)
        statement = statement.on_conflict_do_update(
            index_elements=[conversation_references.c.tenant_id, conversation_references.c.conversation_id],
            set_={name: statement.excluded[name] for name in ("reference", "personal_user_id", "lang",
                                                               "updated_at", "removed_at")})
        async with self._engine.begin() as connection:
            await connection.execute(statement)

    async def get_many(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], ConversationReference]:
        if not keys:
            return {}
        table = conversation_references
        query = sa.select(table).where(sa.tuple_(table.c.tenant_id, table.c.conversation_id).in_(list(keys)))
        async with self._engine.connect() as connection:
            rows = [ConversationReference(**row._mapping) for row in await connection.execute(query)]
        return {(r.tenant_id, r.conversation_id): r for r in rows}

    async def mark_removed(self, tenant_id: str, conversation_id: str, now: datetime) -> None:
        table = conversation_references
        async with self._engine.begin() as connection:
            await connection.execute(table.update().where(
                table.c.tenant_id == tenant_id, table.c.conversation_id == conversation_id,
            ).values(removed_at=as_utc(now)))

    async def home_of(self, tenant_id: str, organisation_id: str, user_id: str) -> ConversationReference | None:
        """Where reminders about an organisation go: its latest team or group chat, else the person's own chat."""
        table = conversation_references
        bound = sa.select(table).join(conversations, sa.and_(
            conversations.c.tenant_id == table.c.tenant_id, conversations.c.conversation_id == table.c.conversation_id,
        )).where(conversations.c.tenant_id == tenant_id, conversations.c.organisation_id == organisation_id,
                 table.c.removed_at.is_(None)).order_by(conversations.c.bound_at.desc())
        personal = sa.select(table).where(table.c.tenant_id == tenant_id, table.c.personal_user_id == user_id,
                                          table.c.removed_at.is_(None)).order_by(table.c.updated_at.desc())
        async with self._engine.connect() as connection:
            row = (await connection.execute(bound.limit(1))).first() or (
                await connection.execute(personal.limit(1))).first()
        return None if row is None else ConversationReference(**row._mapping)


class ReminderPreferences:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def pause(self, tenant_id: str, scope: str, scope_id: str, until: datetime, by: str, now: datetime) -> None:
        await self._set(tenant_id, scope, scope_id, by, now, paused_until=as_utc(until), stopped=False)

    async def stop(self, tenant_id: str, scope: str, scope_id: str, by: str, now: datetime) -> None:
        await self._set(tenant_id, scope, scope_id, by, now, paused_until=None, stopped=True)

    async def resume(self, tenant_id: str, scope: str, scope_id: str, by: str, now: datetime) -> None:
        await self._set(tenant_id, scope, scope_id, by, now, paused_until=None, stopped=False)

    async def get_many(self, tenant_keys: set[tuple[str, str, str]]) -> dict[tuple[str, str, str], Preference]:
        """(tenant, scope, id) → Preference for those that have one."""
        if not tenant_keys:
            return {}
        table = reminder_preferences
        query = sa.select(table).where(sa.tuple_(table.c.tenant_id, table.c.scope, table.c.scope_id).in_(
            list(tenant_keys)))
        async with self._engine.connect() as connection:
            rows = await connection.execute(query)
            return {(r.tenant_id, r.scope, r.scope_id): Preference(r.paused_until, r.stopped) for r in rows}

    async def _set(self, tenant_id: str, scope: str, scope_id: str, by: str, now: datetime, **values) -> None:
        if scope not in (USER, CONVERSATION):
            raise ValueError(f"scope must be {USER!r} or {CONVERSATION!r}, not {scope!r}")
        statement = insert(self._engine, reminder_preferences).values(
            tenant_id=tenant_id, scope=scope, scope_id=scope_id, updated_by=by, updated_at=as_utc(now), **values)
        statement = statement.on_conflict_do_update(
            index_elements=[reminder_preferences.c.tenant_id, reminder_preferences.c.scope,
                            reminder_preferences.c.scope_id],
            set_={name: statement.excluded[name] for name in ("paused_until", "stopped", "updated_by", "updated_at")})
        async with self._engine.begin() as connection:
            await connection.execute(statement)


class OrganisationReminders:
    """Per organisation: office hours, heads-up days and re-assessment interval, plus the assessments
    those reminders are about."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def settings(self, organisation_ids: set[str]) -> dict[str, ReminderSettings]:
        """Every asked-for organisation, with the defaults where it has set nothing."""
        query = sa.select(reminder_settings).where(reminder_settings.c.organisation_id.in_(list(organisation_ids)))
        async with self._engine.connect() as connection:
            found = {row.organisation_id: ReminderSettings(**{k: v for k, v in row._mapping.items()
                                                            if k != "organisation_id"})
                     for row in await connection.execute(query)}
        return {key: found.get(key, ReminderSettings()) for key in organisation_ids}

    async def set(self, organisation_id: str, settings: ReminderSettings) -> None:
        settings.office_hours  # validates before storing
        values = {name: getattr(settings, name) for name in ReminderSettings.__dataclass_fields__}
        statement = insert(self._engine, reminder_settings).values(organisation_id=organisation_id, **values)
        statement = statement.on_conflict_do_update(index_elements=[reminder_settings.c.organisation_id], set_=values)
        async with self._engine.begin() as connection:
            await connection.execute(statement)

    async def tenants(self, organisation_ids: set[str]) -> dict[str, str]:
        query = sa.select(organisations.c.id, organisations.c.tenant_id).where(
            organisations.c.id.in_(list(organisation_ids)))
        async with self._engine.connect() as connection:
            return {row.id: row.tenant_id for row in await connection.execute(query)}

    async def claim_planning(self, name: str, now: datetime, every: timedelta) -> bool:
        """Whether the caller plans `name` now: at most once per `every` across all instances (a clock that
        went back counts as due)."""
        now = as_utc(now)
        mark = planning_marks.c.planned_at
        due = planning_marks.update().where(
            planning_marks.c.name == name, sa.or_(mark <= now - every, mark > now)).values(planned_at=now)
        first = insert(self._engine, planning_marks).values(name=name, planned_at=now).on_conflict_do_nothing()
        async with self._engine.begin() as connection:
            if (await connection.execute(due)).rowcount == 1:
                return True
            return (await connection.execute(first)).rowcount == 1

    async def shortest_reassessment(self) -> int | None:
        """The fewest months any organisation has set between assessments (None: all keep the default)."""
        async with self._engine.connect() as connection:
            return (await connection.execute(sa.select(sa.func.min(reminder_settings.c.reassess_months)))).scalar()

    async def unfinished(self, idle_since: datetime) -> list[AssessmentMoment]:
        """Each organisation's latest assessment if it is unfinished and nobody has answered since `idle_since`."""
        return await self._latest(completed=False, until=idle_since)

    async def last_completed(self, completed_before: datetime | None = None,
                             unless_nudged: str | None = None) -> list[AssessmentMoment]:
        """Each organisation's latest assessment if it is completed; last_activity is when it was completed.
        Optionally only those completed by `completed_before`, and only those without a nudge whose
        dedupe key is `unless_nudged` followed by the assessment's id."""
        return await self._latest(completed=True, until=completed_before, unless_nudged=unless_nudged)

    async def _latest(self, completed: bool, until: datetime | None = None,
                      unless_nudged: str | None = None) -> list[AssessmentMoment]:
        # Reassessing is due by the organisation's own assessments; a unit's open one is unfinished all the same.
        whose = assessments.c.unit_id.is_(None) if completed else sa.true()
        newest = sa.select(assessments.c.organisation_id, sa.func.max(assessments.c.started_at).label("started_at")
                           ).where(whose).group_by(assessments.c.organisation_id).subquery()
        last_answer = sa.select(sa.func.max(answers.c.answered_at)).where(
            answers.c.organisation_id == assessments.c.organisation_id,
            answers.c.answered_at >= assessments.c.started_at).scalar_subquery()
        activity = assessments.c.completed_at if completed else sa.func.coalesce(last_answer, assessments.c.started_at)
        conditions = [assessments.c.completed_at.is_not(None) if completed else assessments.c.completed_at.is_(None)]
        if until is not None:
            conditions.append(activity <= sa.literal(as_utc(until), UtcDateTime()))
        if unless_nudged is not None:
            conditions.append(~sa.exists().where(
                nudges.c.dedupe_key == sa.literal(unless_nudged) + sa.cast(assessments.c.id, sa.Text)))
        query = sa.select(
            assessments.c.id, assessments.c.organisation_id, organisations.c.tenant_id, assessments.c.started_by,
            activity.label("last_activity"),
        ).join(newest, sa.and_(newest.c.organisation_id == assessments.c.organisation_id,
                               newest.c.started_at == assessments.c.started_at)
               ).join(organisations, organisations.c.id == assessments.c.organisation_id
                      ).where(whose, *conditions).order_by(assessments.c.id)
        async with self._engine.connect() as connection:
            rows = list(await connection.execute(query))
        return [AssessmentMoment(row.id, row.organisation_id, row.tenant_id, row.started_by,
                                 _utc(row.last_activity)) for row in rows]


def _utc(moment: datetime | str) -> datetime:
    # SQLite hands back an aggregate (max, coalesce) as text without the column's type.
    return UtcDateTime().process_result_value(
        datetime.fromisoformat(moment) if isinstance(moment, str) else moment, None)
