"""Pause reminders until a date, stop them, or turn them back on; for oneself or for a whole chat."""
from __future__ import annotations

import re
from datetime import date, datetime, time

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from storage.reminders import CONVERSATION, USER
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.dates import STOCKHOLM, day_in_sweden, read_date
from dialogs.plan.due import ask_date, date_prompt
from dialogs.plan.words import day_text
from dialogs.replies import Command
from dialogs.context import FeatureOptions, Services, TurnInfo

# The date after the command, as typed: "pausa påminnelser till 2025-08-01" (words() would split the date).
_DATE_AFTER_COMMAND = re.compile(r"\b(?:påminnelser|reminders)\b\s*(?:(?:till|until|to)\b)?\s*(.*)$",
                                 re.IGNORECASE | re.DOTALL)
DONE_TEXT = {Command.PAUSE_REMINDERS: "reminders_paused", Command.STOP_REMINDERS: "reminders_stopped",
             Command.RESUME_REMINDERS: "reminders_resumed"}


class ReminderDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(ReminderDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(date_prompt(services))
        self.add_dialog(WaterfallDialog("steps", [self.scope_step, self.until_step, self.apply_step]))
        self.initial_dialog_id = "steps"

    async def scope_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        found = _DATE_AFTER_COMMAND.search(step.context.activity.text or "")
        step.values.update(command=options.command, typed_date=(found[1].strip() or None) if found else None)
        if info.personal:
            return await step.next(USER)
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(texts("reminders_ask_scope", info.lang), [
            (USER, texts("reminders_scope_me", info.lang)), (CONVERSATION, texts("reminders_scope_everyone", info.lang))]))

    async def until_step(self, step: WaterfallStepContext):
        step.values["scope"] = step.result
        if Command(step.values["command"]) is not Command.PAUSE_REMINDERS:
            return await step.next(None)
        lang, typed = TurnInfo.of(step.context).lang, step.values["typed_date"]
        found = read_date(typed, day_in_sweden(self.services.clock())) if typed else None
        if isinstance(found, date):
            return await step.next(found.isoformat())
        if found is not None:
            await step.context.send_activity(self.services.texts(f"plan_due_{found.value}", lang))
        return await ask_date(step, self.services.texts("reminders_ask_until", lang))

    async def apply_step(self, step: WaterfallStepContext):
        info, now = TurnInfo.of(step.context), self.services.clock()
        preferences = self.services.database.reminder_preferences
        command, scope = Command(step.values["command"]), step.values["scope"]
        scope_id = info.user_id if scope == USER else info.conversation_id
        values = {}
        if command is Command.PAUSE_REMINDERS:
            until = date.fromisoformat(step.result)
            # Until the date, not through it: reminders may come again from that morning.
            await preferences.pause(info.tenant_id, scope, scope_id, datetime.combine(until, time(0), STOCKHOLM),
                                    info.user_id, now)
            values["until"] = day_text(until, info.lang)
        elif command is Command.STOP_REMINDERS:
            await preferences.stop(info.tenant_id, scope, scope_id, info.user_id, now)
        else:
            await preferences.resume(info.tenant_id, scope, scope_id, info.user_id, now)
        key = f"{DONE_TEXT[command]}_{'me' if scope == USER else 'here'}"
        await step.context.send_activity(self.services.texts(key, info.lang, **values))
        return await step.end_dialog()
