"""Pause reminders until a date, stop them, or turn them back on; for oneself or for a whole chat."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.dates import day_in_sweden, read_date
from dialogs.plan.due import DATE_PROBLEM_TEXT, ask_date, date_prompt
from dialogs.plan.owner import speaker
from dialogs.plan.words import day_text, text_after
from dialogs.replies import Command
from dialogs.context import FeatureOptions, Services, TurnInfo
from services.plan import CONVERSATION, USER
from texts.typed import words

DONE_TEXT = {
    (Command.PAUSE_REMINDERS, USER): "reminders_paused_me",
    (Command.PAUSE_REMINDERS, CONVERSATION): "reminders_paused_here",
    (Command.STOP_REMINDERS, USER): "reminders_stopped_me",
    (Command.STOP_REMINDERS, CONVERSATION): "reminders_stopped_here",
    (Command.RESUME_REMINDERS, USER): "reminders_resumed_me",
    (Command.RESUME_REMINDERS, CONVERSATION): "reminders_resumed_here",
}


@dataclass
class ReminderChange:
    command: Command  # pause, stop or resume
    typed_date: str | None = None  # what followed the command, as typed: "pausa påminnelser till 1 april"
    scope: str | None = None  # learned: USER or CONVERSATION

    def __post_init__(self) -> None:
        self.command = Command(self.command)  # dialog state keeps the enum as its value


class ReminderDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(ReminderDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(date_prompt(services))
        self.add_dialog(WaterfallDialog("steps", [self.scope_step, self.until_step, self.apply_step]))
        self.initial_dialog_id = "steps"

    async def on_begin_dialog(self, inner_dc: DialogContext, options: FeatureOptions) -> DialogTurnResult:
        text = inner_dc.context.activity.text
        typed = text_after(self.services.texts, text, len(words(text)) - len(options.words))
        return await super().on_begin_dialog(inner_dc, ReminderChange(Command(options.command), typed))

    async def scope_step(self, step: WaterfallStepContext):
        info, texts = TurnInfo.of(step.context), self.services.texts
        if info.personal:
            return await step.next(USER)
        choices = [(USER, texts("reminders_scope_me", info.lang)),
                   (CONVERSATION, texts("reminders_scope_everyone", info.lang))]
        return await step.begin_dialog(ChoicePrompt.__name__,
                                       ChoiceOptions(texts("reminders_ask_scope", info.lang), choices))

    async def until_step(self, step: WaterfallStepContext):
        change: ReminderChange = step.options
        change.scope = step.result
        if change.command is not Command.PAUSE_REMINDERS:
            return await step.next(None)
        lang = TurnInfo.of(step.context).lang
        found = read_date(change.typed_date, day_in_sweden(self.services.clock())) if change.typed_date else None
        if isinstance(found, date):
            return await step.next(found.isoformat())
        if found is not None:
            await step.context.send_activity(self.services.texts(DATE_PROBLEM_TEXT[found], lang))
        return await ask_date(step, self.services.texts("reminders_ask_until", lang))

    async def apply_step(self, step: WaterfallStepContext):
        change: ReminderChange = step.options
        plan, who, lang = self.services.plan, speaker(step.context), TurnInfo.of(step.context).lang
        values = {}
        if change.command is Command.PAUSE_REMINDERS:
            until = date.fromisoformat(step.result)
            await plan.pause_reminders(who, change.scope, until)
            values["until"] = day_text(until, lang)
        elif change.command is Command.STOP_REMINDERS:
            await plan.stop_reminders(who, change.scope)
        else:
            await plan.resume_reminders(who, change.scope)
        await step.context.send_activity(self.services.texts(DONE_TEXT[change.command, change.scope], lang, **values))
        return await step.end_dialog()
