"""Which organisation the user answers for: choose one of their own, create one, or join one with a code."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import Services, TurnInfo
from dialogs.members.join import JoinDialog, asks_to_join, code_in
from services.membership import DuplicateName

NEW, JOIN = "new", "join"
NAME_PROMPT = "organisation_name"


@dataclass
class NewOrganisation:
    """What the steps learn on the way to a new organisation."""

    name: str | None = None


class OrganisationDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(OrganisationDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(JoinDialog(services))
        self.add_dialog(TextPrompt(NAME_PROMPT, self._valid_name))
        self.add_dialog(WaterfallDialog("steps", [
            self.choose_step, self.name_step, self.kind_step, self.create_step,
        ]))
        self.initial_dialog_id = "steps"

    async def on_begin_dialog(self, inner_dc: DialogContext, options: object) -> DialogTurnResult:
        return await inner_dc.begin_dialog(self.initial_dialog_id, NewOrganisation())

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        if code_in(inner_dc.context):
            # "gå med <kod>" works at every question here, also where a name is asked for.
            await inner_dc.cancel_all_dialogs()
            return await inner_dc.begin_dialog(JoinDialog.__name__)
        return await super().on_continue_dialog(inner_dc)

    async def choose_step(self, step: WaterfallStepContext):
        info, texts = TurnInfo.of(step.context), self.services.texts
        if asks_to_join(step.context):
            return await step.replace_dialog(JoinDialog.__name__)
        mine = await self.services.membership.organisations_of(info.speaker)
        if not mine:
            return await step.next(NEW)
        options = [(o.id, o.name) for o in mine] + [
            (NEW, texts("create_organisation", info.lang)), (JOIN, texts("join_option", info.lang))]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(texts("ask_organisation", info.lang), options))

    async def name_step(self, step: WaterfallStepContext):
        info, texts = TurnInfo.of(step.context), self.services.texts
        if step.result == JOIN:
            return await step.replace_dialog(JoinDialog.__name__)
        if step.result != NEW:
            organisation = await self.services.membership.choose(info.speaker, step.result)
            if organisation is None:  # removed from it since the list was shown
                return await step.replace_dialog(self.initial_dialog_id, NewOrganisation())
            info.use_organisation(organisation)
            await step.context.send_activity(texts("organisation_chosen", info.lang, name=organisation.name))
            return await step.end_dialog(organisation.id)
        return await step.prompt(NAME_PROMPT, PromptOptions(
            prompt=MessageFactory.text(f"{texts('ask_organisation_name', info.lang)}\n\n{texts('join_hint', info.lang)}"),
            retry_prompt=MessageFactory.text(texts("organisation_name_invalid", info.lang))))

    async def kind_step(self, step: WaterfallStepContext):
        info, new = TurnInfo.of(step.context), step.options
        new.name = step.result.strip()
        kinds = [(kind.key, kind.name(info.lang)) for kind in self.services.model.organisation_kinds]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            self.services.texts("ask_organisation_kind", info.lang, name=new.name), kinds))

    async def create_step(self, step: WaterfallStepContext):
        info, texts, new = TurnInfo.of(step.context), self.services.texts, step.options
        try:
            organisation = await self.services.membership.create(info.speaker, new.name, step.result)
        except DuplicateName:
            # Someone created the same name meanwhile: say so and start over, nothing is lost.
            await step.context.send_activity(texts("organisation_name_taken", info.lang, name=new.name))
            return await step.replace_dialog(self.initial_dialog_id, NewOrganisation())
        info.use_organisation(organisation)
        await step.context.send_activity(texts("organisation_created", info.lang, name=organisation.name))
        return await step.end_dialog(organisation.id)

    async def _valid_name(self, prompt: PromptValidatorContext) -> bool:
        name = (prompt.recognized.value or "").strip() if prompt.recognized.succeeded else ""
        if not 2 <= len(name) <= 100:
            return False
        info = TurnInfo.of(prompt.context)
        if await self.services.membership.name_taken(info.speaker, name):
            await prompt.context.send_activity(self.services.texts("organisation_name_taken", info.lang, name=name))
            return False
        return True
