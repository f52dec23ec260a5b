"""An organisation's settings, for its admins: the target level, when reminders may come, and how
often the assessment is done again. Reminder settings are kept by the reminders' own repository."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import time

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo

TARGET, HOURS, INTERVAL = "target", "hours", "interval"
INTERVAL_MONTHS = (3, 6, 12, 24)
HOURS_PROMPT = "office_hours"
_HOURS = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|till|to)\s*(\d{1,2})(?:[:.](\d{2}))?\s*$")


def parse_hours(text: str | None) -> tuple[time, time] | None:
    """"9-16", "8.30–17", "09:00 till 15:30" → (start, end); None unless start comes before end."""
    found = _HOURS.match(text or "")
    if found is None:
        return None
    start_hour, start_minute, end_hour, end_minute = (int(part or 0) for part in found.groups())
    if start_hour > 23 or end_hour > 23 or start_minute > 59 or end_minute > 59:
        return None
    start, end = time(start_hour, start_minute), time(end_hour, end_minute)
    return (start, end) if start < end else None


class SettingsDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(SettingsDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(TextPrompt(HOURS_PROMPT, self._valid_hours))
        self.add_dialog(WaterfallDialog("steps", [self.show_step, self.value_step, self.save_step]))
        self.initial_dialog_id = "steps"

    async def show_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts, database = TurnInfo.of(step.context), self.services.texts, self.services.database
        step.values["organisation_id"] = options.organisation_id
        me = await database.organisations.member(options.organisation_id, info.user_id)
        if me is None or me.role != "admin":
            await step.context.send_activity(texts("settings_admins_only", info.lang))
            return await step.end_dialog()
        organisation = await database.organisations.get(info.tenant_id, options.organisation_id)
        reminders = (await database.organisation_reminders.settings({organisation.id}))[organisation.id]
        target = (organisation.target or {}).get("overall")
        intro = texts("settings_now", info.lang, name=organisation.name,
                      target=self.services.texts.level(self.services.model, target, info.lang),
                      start=f"{reminders.office_start:%H:%M}", end=f"{reminders.office_end:%H:%M}",
                      months=reminders.reassess_months)
        choices = [(key, texts(f"settings_change_{key}", info.lang)) for key in (TARGET, HOURS, INTERVAL)]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("settings_ask_what", info.lang), choices, intro))

    async def value_step(self, step: WaterfallStepContext):
        info, texts, model = TurnInfo.of(step.context), self.services.texts, self.services.model
        step.values["what"] = step.result
        if step.result == HOURS:
            return await step.prompt(HOURS_PROMPT, PromptOptions(
                prompt=MessageFactory.text(texts("settings_ask_hours", info.lang)),
                retry_prompt=MessageFactory.text(texts("settings_hours_invalid", info.lang))))
        if step.result == TARGET:
            # Level 0 last, so that a typed 1, 2 or 3 is that level and not a position in the list.
            choices = [(str(level), texts.level(model, level, info.lang)) for level in (1, 2, 3, 0)]
            return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
                texts("settings_ask_target", info.lang), choices))
        choices = [(str(months), texts("settings_interval_option", info.lang, months=months))
                   for months in INTERVAL_MONTHS]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("settings_ask_interval", info.lang), choices))

    async def save_step(self, step: WaterfallStepContext):
        info, texts, database = TurnInfo.of(step.context), self.services.texts, self.services.database
        organisation_id, what = step.values["organisation_id"], step.values["what"]
        # Checked again: the admin may have lost the role while the question was open.
        me = await database.organisations.member(organisation_id, info.user_id)
        if me is None or me.role != "admin":
            await step.context.send_activity(texts("settings_admins_only", info.lang))
            return await step.end_dialog()
        if what == TARGET:
            await database.organisations.set_target(organisation_id, {"overall": int(step.result)})
        else:
            reminders = database.organisation_reminders
            current = (await reminders.settings({organisation_id}))[organisation_id]
            if what == HOURS:
                start, end = parse_hours(step.result)
                await reminders.set(organisation_id, replace(current, office_start=start, office_end=end))
            else:
                await reminders.set(organisation_id, replace(current, reassess_months=int(step.result)))
        await step.context.send_activity(texts("settings_saved", info.lang))
        return await step.end_dialog()

    async def _valid_hours(self, prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and parse_hours(prompt.recognized.value) is not None
