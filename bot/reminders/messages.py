"""What a nudge says, built when it is sent, so it tells the item's or assessment's state at that moment.
None means it is no longer wanted: the item is done or gone, a newer assessment has started."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from botbuilder.schema import Activity

from storage import ActionItem, Database, Nudge, ReminderSettings
from storage.reminders import ConversationReference
from services.plan import Period
from services.reminders import (
    FOLLOW_UP, ITEM_HEADS_UP, ITEM_KINDS, REASSESSMENT, assessment_nudge_wanted, item_nudge_wanted,
)
from bot.cards.plan import Button, mention_text, nudge_card
from model.schedule import local_date
from dialogs.plan.words import PlanAction, day_text, item_click
from texts import Texts

# What a quick check's follow-up wish reminds of, by its kind (storage.checkins.FollowUpWish.kind).
FOLLOW_UP_TEXT = {"before_announcement": "nudge_before_announcement", "contract_follow_up": "nudge_contract_follow_up"}


@dataclass(frozen=True)
class Batch:
    """What a batch of claimed nudges needs, read in a few queries instead of a few per nudge."""

    references: dict[tuple[str, str], ConversationReference]
    preferences: dict
    settings: dict[str | None, ReminderSettings]
    items: dict[int, ActionItem]
    unit_names: dict[int, str]  # of the units whose items are among `items`

    def settings_of(self, nudge: Nudge) -> ReminderSettings:
        return self.settings.get(nudge.organisation_id) or ReminderSettings()


class NudgeMessages:
    def __init__(self, database: Database, texts: Texts) -> None:
        self._database = database
        self._texts = texts

    async def render(self, nudge: Nudge, batch: Batch, reference: ConversationReference,
                     now: datetime) -> Activity | None:
        if nudge.kind in ITEM_KINDS:
            item = batch.items.get(int(nudge.subject))
            today = local_date(now, batch.settings_of(nudge).office_hours)
            if not item_nudge_wanted(nudge.kind, item, today):
                return None
            return self._item(nudge, item, reference, today, batch.unit_names.get(item.unit_id))
        if nudge.kind == FOLLOW_UP:
            return await self._follow_up(nudge)
        return await self._assessment(nudge, batch)

    def _item(self, nudge: Nudge, item: ActionItem, reference: ConversationReference, today,
              unit_name: str | None) -> Activity:
        lang, texts = nudge.lang, self._texts
        what = item.what if unit_name is None else texts("plan_unit_item", lang, unit=unit_name, what=item.what)
        # In a personal chat the reader is the owner or wrote the owner's name; only a chat needs the @.
        mention = (item.owner_id, item.owner_name) if item.owner_id and reference.personal_user_id is None else None
        owner = mention_text(item.owner_name) if mention else item.owner_name
        key = "nudge_heads_up" if nudge.kind == ITEM_HEADS_UP else "nudge_due"
        text = texts(key, lang, owner=owner, number=item.number, what=what, due=day_text(item.due_on, lang),
                     days=(item.due_on - today).days)
        # The organisation too: the chat may answer for another one when the button is clicked.
        where = {"organisation": item.organisation_id}
        buttons: list[Button] = [
            (texts("plan_button_done", lang), item_click(item, PlanAction.DONE, **where)),
            (texts("plan_button_week", lang), item_click(item, PlanAction.POSTPONE, by=Period.WEEK.value, **where)),
            (texts("plan_button_month", lang), item_click(item, PlanAction.POSTPONE, by=Period.MONTH.value, **where)),
            (texts("plan_button_show", lang), {"command": "plan"}),
        ]
        return nudge_card(text, buttons, texts("nudge_footer", lang), mention)

    async def _assessment(self, nudge: Nudge, batch: Batch) -> Activity | None:
        # Reassessing is due by the organisation's own assessments; an open one of a unit is unfinished as well.
        assessments = self._database.assessments
        latest = await (assessments.latest(nudge.organisation_id) if nudge.kind == REASSESSMENT
                        else assessments.latest_of_any(nudge.organisation_id))
        if not assessment_nudge_wanted(nudge.kind, nudge.subject, latest):
            return None
        organisation = await self._database.organisations.get(nudge.tenant_id, nudge.organisation_id)
        lang, texts = nudge.lang, self._texts
        if nudge.kind == REASSESSMENT:
            text = texts("nudge_reassessment", lang, name=organisation.name,
                         months=batch.settings_of(nudge).reassess_months)
            button = (texts("nudge_start", lang), {"command": "start"})
        else:
            text = texts("nudge_unfinished", lang, name=organisation.name)
            button = (texts("nudge_continue", lang), {"command": "continue"})
        return nudge_card(text, [button], texts("nudge_footer", lang))

    async def _follow_up(self, nudge: Nudge) -> Activity | None:
        payload = nudge.payload or {}
        checkin = await self._database.checkins.get(nudge.organisation_id, payload.get("checkin_id"))
        key = FOLLOW_UP_TEXT.get(payload.get("kind"))
        if checkin is None or key is None:
            return None
        lang, texts = nudge.lang, self._texts
        text = texts(key, lang, name=checkin.name)
        return nudge_card(text, [(texts("nudge_my_checks", lang), {"command": "my checks"})],
                          texts("nudge_footer", lang))
