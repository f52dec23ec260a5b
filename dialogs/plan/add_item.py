"""Adds an action to the plan: what, who, by when.

The item is saved as soon as its "what" is given (services.plan decides its owner and due date until
they are answered); the owner and the date are saved as they are answered. Someone called away midway
finds the item in the plan and loses nothing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.cards.plan import text_input_card
from dialogs.dates import day_in_sweden, examples
from dialogs.plan.due import ask_date, date_prompt
from dialogs.plan.owner import OwnerPrompt, speaker
from dialogs.plan.words import day_text
from dialogs.context import Services, TurnInfo

WHAT_PROMPT = "plan_what"
WHAT_FIELD = "what"
WHAT_LENGTH = range(3, 301)


@dataclass
class AddItemOptions:
    organisation_id: str
    row_key: str | None = None  # set when the item comes from one of the model's next steps
    what: str | None = None  # the suggested wording, which people may change
    item_id: int | None = None  # learned: the item once saved
    kept_part: str | None = None  # the item says what keeps the target reached in this part of the model
    ask: str | None = None  # the question asked for its "what", instead of the usual one
    unit_id: int | None = None  # the item is this unit's (its next step, or added on its plan)
    unit_name: str = ""


class AddItemDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(AddItemDialog.__name__)
        self.services = services
        self.add_dialog(TextPrompt(WHAT_PROMPT, self._valid_what))
        self.add_dialog(OwnerPrompt(services))
        self.add_dialog(date_prompt(services))
        self.add_dialog(WaterfallDialog("steps", [self.what_step, self.owner_step, self.due_step, self.done_step]))
        self.initial_dialog_id = "steps"

    async def what_step(self, step: WaterfallStepContext):
        options: AddItemOptions = step.options
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        if options.what:
            prompt = text_input_card(texts("plan_ask_what_suggested", lang), WHAT_FIELD, texts("plan_what_label", lang),
                                     options.what, texts("plan_next", lang))
        else:
            prompt = MessageFactory.text(options.ask or texts("plan_ask_what", lang))
        return await step.prompt(WHAT_PROMPT, PromptOptions(prompt=prompt))

    async def owner_step(self, step: WaterfallStepContext):
        options: AddItemOptions = step.options
        item = await self.services.plan.add(options.organisation_id, step.result, options.row_key,
                                            speaker(step.context), kept_part=options.kept_part,
                                            unit_id=options.unit_id)
        options.item_id = item.id
        return await step.begin_dialog(OwnerPrompt.__name__)

    async def due_step(self, step: WaterfallStepContext):
        options: AddItemOptions = step.options
        if await self.services.plan.reassign(options.organisation_id, options.item_id, step.result) is None:
            return await step.end_dialog()  # deleted by someone else meanwhile
        lang, today = TurnInfo.of(step.context).lang, day_in_sweden(self.services.clock())
        return await ask_date(step, self.services.texts("plan_ask_due", lang, **examples(today, lang)))

    async def done_step(self, step: WaterfallStepContext):
        options: AddItemOptions = step.options
        lang = TurnInfo.of(step.context).lang
        item = await self.services.plan.set_due(options.organisation_id, options.item_id,
                                                date.fromisoformat(step.result))
        if item is None:
            return await step.end_dialog()
        whose = {"unit": options.unit_name} if options.unit_id is not None else {}
        await step.context.send_activity(self.services.texts(
            "plan_saved_unit" if whose else "plan_saved", lang, number=item.number, what=item.what,
            owner=item.owner_name, due=day_text(item.due_on, lang), **whose))
        return await step.end_dialog(item.number)

    async def _valid_what(self, prompt: PromptValidatorContext) -> bool:
        value = prompt.context.activity.value
        typed = value.get(WHAT_FIELD) if isinstance(value, dict) else prompt.recognized.value
        what = " ".join((typed or "").split())
        if len(what) not in WHAT_LENGTH:
            await prompt.context.send_activity(self.services.texts("plan_what_invalid",
                                                                   TurnInfo.of(prompt.context).lang))
            return False
        prompt.recognized.value = what
        return True
