"""Which organisation the user answers for: choose one of the tenant's, or create one."""
from __future__ import annotations

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.db import DuplicateName
from dialogs.choice_prompt import ChoiceOptions, ChoicePrompt
from dialogs.services import Services, TurnInfo

NEW = "new"
NAME_PROMPT = "organisation_name"


class OrganisationDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(OrganisationDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(TextPrompt(NAME_PROMPT, self._valid_name))
        self.add_dialog(WaterfallDialog("steps", [
            self.choose_step, self.name_step, self.kind_step, self.create_step,
        ]))
        self.initial_dialog_id = "steps"

    async def choose_step(self, step: WaterfallStepContext):
        info = TurnInfo.of(step.context)
        existing = await self.services.database.organisations.list(info.tenant_id)
        if not existing:
            return await step.next(NEW)
        options = [(o.id, o.name) for o in existing] + [(NEW, self.services.texts("create_organisation", info.lang))]
        return await step.begin_dialog(ChoicePrompt.__name__,
                                       ChoiceOptions(self.services.texts("ask_organisation", info.lang), options))

    async def name_step(self, step: WaterfallStepContext):
        info = TurnInfo.of(step.context)
        if step.result != NEW:
            organisation = await self.services.database.organisations.get(info.tenant_id, step.result)
            await self._join(step, organisation)
            await step.context.send_activity(
                self.services.texts("organisation_chosen", info.lang, name=organisation.name))
            return await step.end_dialog(organisation.id)
        texts = self.services.texts
        return await step.prompt(NAME_PROMPT, PromptOptions(
            prompt=MessageFactory.text(texts("ask_organisation_name", info.lang)),
            retry_prompt=MessageFactory.text(texts("organisation_name_invalid", info.lang))))

    async def kind_step(self, step: WaterfallStepContext):
        info = TurnInfo.of(step.context)
        step.values["name"] = step.result.strip()
        kinds = [(kind.key, kind.name(info.lang)) for kind in self.services.model.organisation_kinds]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            self.services.texts("ask_organisation_kind", info.lang, name=step.values["name"]), kinds))

    async def create_step(self, step: WaterfallStepContext):
        info, texts = TurnInfo.of(step.context), self.services.texts
        try:
            organisation = await self.services.database.organisations.create(
                info.tenant_id, step.values["name"], step.result, info.user_id, info.user_name, self.services.clock())
        except DuplicateName:
            # Someone created the same name meanwhile: say so and start over, nothing is lost.
            await step.context.send_activity(texts("organisation_name_taken", info.lang, name=step.values["name"]))
            return await step.replace_dialog(self.id)
        await self._join(step, organisation)
        await step.context.send_activity(texts("organisation_created", info.lang, name=organisation.name))
        return await step.end_dialog(organisation.id)

    async def _join(self, step: WaterfallStepContext, organisation) -> None:
        info, database = TurnInfo.of(step.context), self.services.database
        await database.organisations.add_member(organisation.id, info.user_id, info.user_name)
        if not info.personal:
            await database.organisations.bind_conversation(
                info.tenant_id, info.conversation_id, organisation.id, self.services.clock())
        info.use_organisation(organisation)

    async def _valid_name(self, prompt: PromptValidatorContext) -> bool:
        name = (prompt.recognized.value or "").strip() if prompt.recognized.succeeded else ""
        if not 2 <= len(name) <= 100:
            return False
        info = TurnInfo.of(prompt.context)
        if await self.services.database.organisations.find(info.tenant_id, name):
            await prompt.context.send_activity(self.services.texts("organisation_name_taken", info.lang, name=name))
            return False
        return True
