"""When reminders go: for each action item, for idle or year-old assessments, and for the follow-ups people
asked for in a quick check, and whose pauses and stops hold them back. Everything planned is stored;
nothing lives only in memory. The action plan (services.plan) plans its items' nudges with `item_nudges`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from storage import ActionItem, Assessment, Database, NewNudge, ReminderSettings
from storage.plans import DONE
from storage.reminders import CONVERSATION, USER, Preference
from model.schedule import OfficeHours, next_allowed, office_start

ITEM_HEADS_UP, ITEM_DUE = "item_heads_up", "item_due"
ITEM_KINDS = (ITEM_HEADS_UP, ITEM_DUE)
UNFINISHED, REASSESSMENT, FOLLOW_UP = "assessment_unfinished", "reassessment", "follow_up"
REASSESSMENT_KEY = "reassessment:"  # and the assessment's id: one such reminder per completed assessment
IDLE = timedelta(days=7)  # an assessment nobody touched this long gets one reminder
# Idle and year-old assessments are looked for across every organisation, so not at every sweep: at most this
# often, by whichever instance sweeps first. Such a reminder is days or months in the coming; minutes later
# changes nothing, and the sweep's cost in between follows what is due, not how many organisations there are.
ASSESSMENT_PLANNING, PLAN_ASSESSMENTS_EVERY = "assessments", timedelta(minutes=10)
WISH_SCHEDULED = "scheduled"


@dataclass(frozen=True)
class SendTime:
    """When a nudge may go, given the pauses and stops of those it reaches and the office hours."""

    stopped: bool  # then never
    paused: bool  # held back by a pause, not only by office hours
    at: datetime  # now, or the next moment it may go


def item_nudges(item: ActionItem, settings: ReminderSettings, now: datetime) -> list[NewNudge]:
    """A heads-up some days before the due date and a nudge on it, both at allowed moments still ahead."""
    if item.status == DONE:
        return []
    hours = settings.office_hours
    due = next_allowed(office_start(item.due_on, hours), hours)
    heads_up = next_allowed(office_start(item.due_on - timedelta(days=settings.heads_up_days), hours), hours)
    moments = [(ITEM_HEADS_UP, heads_up)] if now < heads_up < due else []
    moments += [(ITEM_DUE, due)] if now < due else []
    return [NewNudge(
        kind=kind, subject=str(item.id), dedupe_key=f"item:{item.id}:{kind}:{item.due_on.isoformat()}",
        organisation_id=item.organisation_id, tenant_id=item.tenant_id, conversation_id=item.conversation_id,
        user_id=item.owner_id or item.created_by, lang=item.lang, due_at=moment, payload=None,
    ) for kind, moment in moments]


def item_nudge_wanted(kind: str, item: ActionItem | None, today: date) -> bool:
    """Asked when a nudge is sent: none for a done or deleted item, and no heads-up so late that the due-day
    nudge says it all."""
    return item is not None and item.status != DONE and not (kind == ITEM_HEADS_UP and item.due_on <= today)


def assessment_nudge_wanted(kind: str, subject: str, latest: Assessment | None) -> bool:
    """Asked when a nudge is sent: none once its assessment was answered, finished or started anew."""
    return latest is not None and str(latest.id) == subject and (kind == UNFINISHED) == (latest.completed_at is None)


def audiences(nudge: NewNudge) -> list[tuple[str, str, str]]:
    """(tenant, scope, id) of the reminder preferences that apply to a nudge: its conversation's, and its
    person's when it is for someone."""
    found = [(nudge.tenant_id, CONVERSATION, nudge.conversation_id)]
    return found + [(nudge.tenant_id, USER, nudge.user_id)] if nudge.user_id else found


def send_time(preferences: list[Preference | None], now: datetime, hours: OfficeHours) -> SendTime:
    """A stop anywhere wins; else the latest pause, then the next moment within office hours."""
    if any(p and p.stopped for p in preferences):
        return SendTime(True, False, now)
    paused = max((p.paused_until for p in preferences if p and p.blocks_until(now)), default=None)
    return SendTime(False, paused is not None, next_allowed(max(now, paused or now), hours))


async def plan_periodic(database: Database, now: datetime) -> None:
    """Looks for what has come due since the last sweep; planning the same thing again changes nothing."""
    if await database.organisation_reminders.claim_planning(ASSESSMENT_PLANNING, now, PLAN_ASSESSMENTS_EVERY):
        await _plan_assessments(database, now)
    await _plan_follow_ups(database, now)


async def _plan_assessments(database: Database, now: datetime) -> None:
    reminders = database.organisation_reminders
    idle = await reminders.unfinished(idle_since=now - IDLE)
    # Only those old enough for the shortest interval any organisation chose, and not reminded already.
    months = await reminders.shortest_reassessment() or ReminderSettings().reassess_months
    completed = await reminders.last_completed(completed_before=now - relativedelta(months=months),
                                               unless_nudged=REASSESSMENT_KEY)
    settings = await reminders.settings({m.organisation_id for m in idle + completed})
    candidates = [(UNFINISHED, m, f"unfinished:{m.assessment_id}:{m.last_activity.isoformat()}") for m in idle]
    candidates += [(REASSESSMENT, m, f"{REASSESSMENT_KEY}{m.assessment_id}") for m in completed
                   if m.last_activity + relativedelta(months=settings[m.organisation_id].reassess_months) <= now]
    known = await database.nudges.existing([key for _, _, key in candidates])
    planned = []
    for kind, moment, key in candidates:
        if key in known:
            continue
        home = await database.conversation_references.home_of(moment.tenant_id, moment.organisation_id,
                                                               moment.user_id)
        if home is not None:
            planned.append(NewNudge(
                kind=kind, subject=str(moment.assessment_id), dedupe_key=key, organisation_id=moment.organisation_id,
                tenant_id=moment.tenant_id, conversation_id=home.conversation_id,
                user_id=home.personal_user_id, lang=home.lang,
                due_at=next_allowed(now, settings[moment.organisation_id].office_hours), payload=None))
    await database.nudges.schedule(planned)


async def _plan_follow_ups(database: Database, now: datetime) -> None:
    wishes = await database.follow_up_wishes.pending(now)
    if not wishes:
        return
    organisations = {wish.organisation_id for wish in wishes}
    tenants = await database.organisation_reminders.tenants(organisations)
    settings = await database.organisation_reminders.settings(organisations)
    for wish in wishes:
        tenant_id = tenants[wish.organisation_id]
        conversation_id = wish.conversation_reference["conversation"]["id"]
        key = (tenant_id, conversation_id)
        known = (await database.conversation_references.get_many({key})).get(key)
        lang = known.lang if known else _lang(wish.conversation_reference.get("locale"))
        if known is None:
            # The wish carries its own reference; a conversation the bot has seen since keeps the newer one.
            await database.conversation_references.remember(
                tenant_id, conversation_id, wish.conversation_reference, None, lang, now)
        await database.nudges.schedule([NewNudge(
            kind=FOLLOW_UP, subject=str(wish.id), dedupe_key=f"wish:{wish.id}", organisation_id=wish.organisation_id,
            tenant_id=tenant_id, conversation_id=conversation_id, user_id=wish.user_id, lang=lang,
            due_at=next_allowed(max(now, wish.due_at), settings[wish.organisation_id].office_hours),
            payload={"checkin_id": wish.checkin_id, "kind": wish.kind})])
        await database.follow_up_wishes.mark(wish.id, WISH_SCHEDULED)


def _lang(locale: str | None) -> str:
    return "en" if (locale or "").lower().startswith("en") else "sv"
