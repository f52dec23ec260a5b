"""An organisation's settings, for its admins: the target level, when reminders may come, and how
often the assessment is done again."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo
from services.membership import NotAdmin
from model.scoring import OVERALL, with_target

TARGET, HOURS, INTERVAL = "target", "hours", "interval"
CHANGE_TEXTS = {TARGET: "settings_change_target", HOURS: "settings_change_hours",
                INTERVAL: "settings_change_interval"}
INTERVAL_MONTHS = (3, 6, 12, 24)
HOURS_PROMPT = "office_hours"
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"


def parse_hours(text: str | None, between: frozenset[tuple[str, ...]]) -> tuple[time, time] | None:
    """"9-16", "8.30–17", "09:00 till 15:30" → (start, end); None unless start comes before end.
    `between`: the words that may stand for the dash."""
    joining = "|".join(["-", "–", *(re.escape(" ".join(phrase)) for phrase in between)])
    found = re.match(rf"^\s*{_TIME}\s*(?:{joining})\s*{_TIME}\s*$", (text or "").lower())
    if found is None:
        return None
    start_hour, start_minute, end_hour, end_minute = (int(part or 0) for part in found.groups())
    if start_hour > 23 or end_hour > 23 or start_minute > 59 or end_minute > 59:
        return None
    start, end = time(start_hour, start_minute), time(end_hour, end_minute)
    return (start, end) if start < end else None


@dataclass
class SettingsChange:
    """What the steps learn: the organisation, and which setting its administrator changes."""

    organisation_id: str
    what: str | None = None  # TARGET, HOURS or INTERVAL


class SettingsDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(SettingsDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(TextPrompt(HOURS_PROMPT, self._valid_hours))
        self.add_dialog(WaterfallDialog("steps", [self.show_step, self.value_step, self.save_step]))
        self.initial_dialog_id = "steps"

    async def on_begin_dialog(self, inner_dc: DialogContext, options: FeatureOptions) -> DialogTurnResult:
        return await inner_dc.begin_dialog(self.initial_dialog_id, SettingsChange(options.organisation_id))

    async def show_step(self, step: WaterfallStepContext):
        info, texts, membership = TurnInfo.of(step.context), self.services.texts, self.services.membership
        organisation = info.organisation
        if not await membership.is_admin(info.speaker, organisation.id):
            await step.context.send_activity(texts("settings_admins_only", info.lang))
            return await step.end_dialog()
        reminders = await membership.reminder_settings(organisation.id)
        target = (organisation.target or {}).get("overall")
        intro = texts("settings_now", info.lang, name=organisation.name,
                      target=texts.level(self.services.model, target, info.lang),
                      start=f"{reminders.office_start:%H:%M}", end=f"{reminders.office_end:%H:%M}",
                      months=reminders.reassess_months)
        choices = [(key, texts(text, info.lang)) for key, text in CHANGE_TEXTS.items()]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("settings_ask_what", info.lang), choices, intro))

    async def value_step(self, step: WaterfallStepContext):
        info, texts, model = TurnInfo.of(step.context), self.services.texts, self.services.model
        step.options.what = step.result
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
        info, change = TurnInfo.of(step.context), step.options
        try:
            await self._save(info, change, step.result)
        except NotAdmin:  # the role was lost while the question was open
            await step.context.send_activity(self.services.texts("settings_admins_only", info.lang))
            return await step.end_dialog()
        await step.context.send_activity(self.services.texts("settings_saved", info.lang))
        return await step.end_dialog()

    async def _save(self, info: TurnInfo, change: SettingsChange, value: str) -> None:
        membership, speaker = self.services.membership, info.speaker
        if change.what == TARGET:
            await membership.require_admin(speaker, change.organisation_id)
            # The whole model's target only: the targets set per step or perspective stay (`mål steg 3 nivå 2`).
            level = int(value) or None
            await self.services.assessments.set_target(change.organisation_id,
                                                       with_target(info.organisation.target, OVERALL, level))
        elif change.what == HOURS:
            await membership.set_office_hours(speaker, change.organisation_id, *self._hours(value))
        else:
            await membership.set_reassess_months(speaker, change.organisation_id, int(value))

    def _hours(self, text: str | None) -> tuple[time, time] | None:
        return parse_hours(text, self.services.texts.phrases("settings_hours_between"))

    async def _valid_hours(self, prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and self._hours(prompt.recognized.value) is not None
