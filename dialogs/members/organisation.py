"""Which organisation the user answers for: choose one of their own, create one, or join one with a code."""
from __future__ import annotations

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from storage import DuplicateName
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.members.join import JoinDialog, asks_to_join, code_in
from dialogs.context import Services, TurnInfo

NEW, JOIN = "new", "join"
NAME_PROMPT = "organisation_name"


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
        # Only the user's own organisations: others of the tenant are joined with a code from their admin.
        mine = await self.services.database.organisations.memberships(info.tenant_id, info.user_id)
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
            organisation = await self.services.database.organisations.get_for_member(
                info.tenant_id, step.result, info.user_id)
            if organisation is None:  # removed from it since the list was shown
                return await step.replace_dialog(self.initial_dialog_id)
            await self._use(step, organisation)
            await step.context.send_activity(texts("organisation_chosen", info.lang, name=organisation.name))
            return await step.end_dialog(organisation.id)
        return await step.prompt(NAME_PROMPT, PromptOptions(
            prompt=MessageFactory.text(f"{texts('ask_organisation_name', info.lang)}\n\n{texts('join_hint', info.lang)}"),
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
        await self._use(step, organisation)
        await step.context.send_activity(texts("organisation_created", info.lang, name=organisation.name))
        return await step.end_dialog(organisation.id)

    async def _use(self, step: WaterfallStepContext, organisation) -> None:
        info, database = TurnInfo.of(step.context), self.services.database
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
