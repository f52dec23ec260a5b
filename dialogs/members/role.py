"""`min roll` / `my role`: each member says what they do (politiker, ledning, verksamhet, upphandling,
controller, annan) once, and changes it the same way. A workshop asks before it begins, so the spread of
answers can be shown per role. `min roll politiker` sets it at once."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext

from dialogs.answers import read_choice
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo
from services.membership import WORK_ROLE_TEXTS, WORK_ROLES



def role_options(services: Services, lang: str) -> list[tuple[str, str]]:
    return [(key, services.texts.plain(WORK_ROLE_TEXTS[key], lang)) for key in WORK_ROLES]


def role_name(services: Services, work_role: str | None, lang: str) -> str:
    return dict(role_options(services, lang)).get(work_role, services.texts.plain("role_unknown", lang))


@dataclass
class RoleOptions:
    organisation_id: str
    words: tuple[str, ...] = ()  # after "min roll": the role, if named
    first: bool = False  # asked before a workshop: only if the member has not said yet


class RoleDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(RoleDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(WaterfallDialog("steps", [self.ask_step, self.save_step]))
        self.initial_dialog_id = "steps"

    async def on_begin_dialog(self, inner_dc: DialogContext, options: FeatureOptions | RoleOptions) -> DialogTurnResult:
        if isinstance(options, FeatureOptions):
            options = RoleOptions(options.organisation_id, options.words)
        return await inner_dc.begin_dialog(self.initial_dialog_id, options)

    async def ask_step(self, step: WaterfallStepContext):
        options: RoleOptions = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        current = await self.services.membership.work_role(info.speaker, options.organisation_id)
        if options.first and current is not None:
            return await step.end_dialog(current)
        choices = role_options(self.services, info.lang)
        named = read_choice(texts, " ".join(options.words), None, choices) if options.words else None
        if named is not None:
            return await step.next(named)
        prompt = texts("role_ask_first" if options.first else "role_ask", info.lang, name=info.user_name)
        intro = None if current is None else texts("role_current", info.lang, role=role_name(self.services, current,
                                                                                               info.lang))
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(prompt, choices, intro))

    async def save_step(self, step: WaterfallStepContext):
        options: RoleOptions = step.options
        info = TurnInfo.of(step.context)
        await self.services.membership.set_work_role(info.speaker, options.organisation_id, step.result)
        role = role_name(self.services, step.result, info.lang)
        await step.context.send_activity(self.services.texts("role_set", info.lang, role=role))
        return await step.end_dialog(step.result)
