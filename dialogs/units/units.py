"""`enheter` lists the organisation's units with a button to assess each; an administrator adds one with
`ny enhet Socialförvaltningen` and removes one, after saying yes, with `ta bort enhet Socialförvaltningen`
(and the same in English)."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from bot.cards import MAX_ACTIONS, card_activity, submit, text_block
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import Services, TurnInfo
from dialogs.replies import Command
from dialogs.units.named import typed_after, unit_named
from services.membership import ADMIN, NotAdmin, Organisation
from services.units import MAX_NAME, DuplicateUnit
from texts.typed import words

YES, NO = "yes", "no"


@dataclass
class UnitRequest:
    """What `enheter`, `ny enhet` or `ta bort enhet` asked for, and the unit a removal waits to be confirmed for."""

    organisation_id: str
    command: str  # a dialogs.replies.Command value
    words: list[str]  # after the command
    removing: int | None = None
    removing_name: str = ""


def unit_request(organisation_id: str | None, call) -> UnitRequest:
    return UnitRequest(organisation_id, call.command.value, list(call.rest))


class UnitsDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(UnitsDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(WaterfallDialog("steps", [self.act_step, self.remove_step]))
        self.initial_dialog_id = "steps"

    async def act_step(self, step: WaterfallStepContext):
        request: UnitRequest = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        organisation = info.organisation
        if request.command == Command.UNITS.value:
            await step.context.send_activity(await self._list(info, organisation))
            return await step.end_dialog()
        if not await self.services.membership.is_admin(info.speaker, organisation.id):
            await self._admins_only(step.context, info, organisation.id)
            return await step.end_dialog()
        name = typed_after(step.context, len(words(_typed(step.context))) - len(request.words))
        if request.command == Command.NEW_UNIT.value:
            await self._create(step.context, info, organisation, name)
            return await step.end_dialog()
        unit = await unit_named(self.services, organisation.id, request.words) if request.words else None
        if unit is None:
            key, values = ("unit_unknown", {"typed": name}) if request.words else ("unit_which", {})
            await step.context.send_activity(texts(key, info.lang, name=organisation.name, **values))
            return await step.end_dialog()
        request.removing, request.removing_name = unit.id, unit.name
        answered = len(await self.services.assessments.answers(organisation.id, unit.id))
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("unit_remove_ask", info.lang, unit=unit.name, count=answered),
            [(YES, texts("unit_remove_yes", info.lang)), (NO, texts("unit_remove_no", info.lang))]))

    async def remove_step(self, step: WaterfallStepContext):
        request: UnitRequest = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        if step.result != YES:
            await step.context.send_activity(texts("unit_kept", info.lang))
            return await step.end_dialog()
        try:
            removed = await self.services.units.remove(info.speaker, request.organisation_id, request.removing)
        except NotAdmin:  # the role was lost while the question was open
            await self._admins_only(step.context, info, request.organisation_id)
            return await step.end_dialog()
        await step.context.send_activity(texts("unit_removed" if removed else "unit_gone", info.lang,
                                               unit=request.removing_name))
        return await step.end_dialog()

    async def _admins_only(self, context: TurnContext, info: TurnInfo, organisation_id: str) -> None:
        admins = [m.user_name for m in await self.services.membership.members(organisation_id) if m.role == ADMIN]
        await context.send_activity(self.services.texts("units_admins_only", info.lang, admins=", ".join(admins)))

    async def _list(self, info: TurnInfo, organisation: Organisation):
        texts, lang = self.services.texts, info.lang
        units = await self.services.units.list(organisation.id)
        admin = await self.services.membership.is_admin(info.speaker, organisation.id)
        title = texts("units_title", lang, name=organisation.name)
        body = [text_block(title, weight="Bolder")]
        if not units:
            body.append(text_block(texts("units_none", lang, name=organisation.name)))
        else:
            body.append(text_block("\n".join(texts("units_line", lang, unit=u.name) for u in units)))
        # A button per unit while they fit one action set; beyond that, the typed command.
        actions = [submit(texts("units_start_button", lang, unit=u.name), {"command": "start", "unit": u.id})
                   for u in units] if len(units) <= MAX_ACTIONS else []
        if len(units) > MAX_ACTIONS:
            body.append(text_block(texts("units_typed_hint", lang), isSubtle=True))
        if admin:
            body.append(text_block(texts("units_admin_hint", lang), isSubtle=True))
        return card_activity(body, actions, title)

    async def _create(self, context: TurnContext, info: TurnInfo, organisation: Organisation, name: str) -> None:
        texts, lang = self.services.texts, info.lang
        if not words(name):
            await context.send_activity(texts("unit_name_missing", lang))
            return
        if len(name) > MAX_NAME:
            await context.send_activity(texts("unit_name_too_long", lang, max=MAX_NAME))
            return
        same = [u for u in await self.services.units.list(organisation.id) if words(u.name) == words(name)]
        try:
            if same:
                raise DuplicateUnit(name)
            unit = await self.services.units.create(info.speaker, organisation.id, name)
        except DuplicateUnit:
            await context.send_activity(texts("unit_exists", lang, name=organisation.name,
                                              unit=same[0].name if same else name))
            return
        text = texts("unit_created", lang, unit=unit.name, name=organisation.name)
        button = submit(texts("units_start_button", lang, unit=unit.name), {"command": "start", "unit": unit.id})
        await context.send_activity(card_activity([text_block(text)], [button], text))


def _typed(context: TurnContext) -> str:
    text = context.activity.text
    if isinstance(text, str):
        return text
    value = context.activity.value
    command = value.get("command") if isinstance(value, dict) else None
    return command if isinstance(command, str) else ""
