"""The root dialog: makes sure an organisation is chosen, then starts the feature the user asks for.

Help, cancel, status and language work everywhere, also in the middle of another dialog;
they live here once instead of in every dialog. What each command starts is in dialogs/features.py.
"""
from __future__ import annotations

from typing import Iterable

from botbuilder.dialogs import (
    ComponentDialog,
    Dialog,
    DialogContext,
    DialogTurnResult,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)

from bot.cards import command_card
from dialogs.assessment.rows import RowQuestions
from dialogs.assessment.summary import status_reply
from dialogs.clicks import TARGET, click, waiting_target
from dialogs.context import Services, TurnInfo
from dialogs.features import Feature
from dialogs.members.organisation import OrganisationDialog
from dialogs.questions import ASKING
from dialogs.replies import Command, CommandCall
from dialogs.units.named import unit_words
from dialogs.stack import innermost
from services.assessments import FINISHED, PAUSED

# Answered in the middle of another dialog, which then goes on.
ANYWHERE = (Command.HELP, Command.STATUS, Command.LANGUAGE, Command.ENGLISH, Command.SWEDISH)
CHOSEN_LANGUAGE = {Command.ENGLISH: "en", Command.SWEDISH: "sv"}
# What a click on a card of an assessment that no longer waits for it means.
CLICKED_ASSESSMENT = {FINISHED: "click_finished", PAUSED: "click_paused"}


class MainDialog(ComponentDialog):
    def __init__(self, services: Services, features: Iterable[Feature]) -> None:
        super().__init__(MainDialog.__name__)
        self.services = services
        self.features = {feature.command: feature for feature in features}
        served = {feature.dialog.id: feature.dialog for feature in self.features.values() if feature.dialog}
        for dialog in served.values():
            self.add_dialog(dialog)
        self.add_dialog(OrganisationDialog(services))
        self.add_dialog(WaterfallDialog("steps", [self.organisation_step, self.route_step]))
        self.initial_dialog_id = "steps"

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        info, texts = TurnInfo.of(inner_dc.context), self.services.texts
        call = info.command
        if call is None and await self._refused_click(inner_dc):
            await inner_dc.reprompt_dialog()
            return Dialog.end_of_turn
        feature = self.features.get(call.command) if call else None
        if feature is not None and feature.reply and (not call.rest or _clicked_command(inner_dc)
                                                      or _in_questions(inner_dc, any_set=True)):
            # "vad är DIS?" between questions explains, and the question is asked again.
            await self._reply(inner_dc, feature, call)
            await inner_dc.reprompt_dialog()
            return Dialog.end_of_turn
        if call is None or (call.rest and not self._names_unit(call)):
            return await super().on_continue_dialog(inner_dc)
        if call.command is Command.CANCEL:
            in_questions = _in_questions(inner_dc)
            await inner_dc.cancel_all_dialogs()
            await inner_dc.context.send_activity(texts("paused" if in_questions else "cancelled", info.lang))
            return DialogTurnResult(DialogTurnStatus.Cancelled)
        if call.command in ANYWHERE:
            await self._answer(inner_dc, call.command, in_dialog=True)
            await inner_dc.reprompt_dialog()
            return Dialog.end_of_turn
        # Any other command starts over with that command.
        await inner_dc.cancel_all_dialogs()
        return await inner_dc.begin_dialog(self.initial_dialog_id)

    async def organisation_step(self, step: WaterfallStepContext):
        info, texts = TurnInfo.of(step.context), self.services.texts
        if info.organisation is not None or not self._needs_organisation(info):
            return await step.next(None)
        if not info.profile.greeted:
            info.profile.greeted = True
            await step.context.send_activity(texts("greeting", info.lang, count=len(self.services.model.rows)))
        return await step.begin_dialog(OrganisationDialog.__name__)

    async def route_step(self, step: WaterfallStepContext):
        just_chosen = step.result is not None
        info = TurnInfo.of(step.context)
        call = info.command
        command = call.command if call else None
        if command is None and not just_chosen and await self._refused_click(step):
            return await step.end_dialog()
        if info.organisation is None and self._needs_organisation(info):
            return await step.end_dialog()  # none chosen (too many wrong codes, say); the user heard why
        feature = self.features.get(command)
        if feature is not None and feature.reply is not None:
            await self._reply(step, feature, call)
            return await step.end_dialog()
        if feature is not None and feature.dialog is not None:
            organisation_id = info.organisation.id if info.organisation else None
            return await step.begin_dialog(feature.dialog.id, feature.opening(organisation_id, call))
        if command is Command.SWITCH and not just_chosen:
            return await step.begin_dialog(OrganisationDialog.__name__)
        if command in ANYWHERE:
            await self._answer(step, command, in_dialog=False)
        elif command is Command.CANCEL:
            await step.context.send_activity(self.services.texts("nothing_to_cancel", info.lang))
        elif command is not Command.SWITCH:
            await self._menu(step, unknown=command is None and not just_chosen)
        return await step.end_dialog()

    async def _reply(self, dc: DialogContext, feature: Feature, call) -> None:
        lang = TurnInfo.of(dc.context).lang
        await dc.context.send_activities(feature.reply(lang, tuple(call.rest)))

    def _names_unit(self, call: CommandCall) -> bool:
        """`ny enhet X`, `start enhet X`, `status enhet X`, `plan enhet X`: commands with words that no answer begins
        with."""
        if call.command in (Command.NEW_UNIT, Command.REMOVE_UNIT, Command.RENAME_UNIT):
            return True
        return (call.command in (Command.START, Command.STATUS, Command.PLAN)
                and unit_words(self.services, call.rest) is not None)

    def _needs_organisation(self, info: TurnInfo) -> bool:
        feature = self.features.get(info.command.command) if info.command else None
        return feature is None or feature.needs_organisation

    async def _refused_click(self, dc: DialogContext) -> bool:
        """Says why, when a click names something other than what the innermost dialog waits for: a card
        of a finished or paused assessment, another choice, or no target at all where one is needed."""
        clicked = click(dc.context)
        if clicked is None:
            return False
        target, waiting = clicked.get(TARGET), waiting_target(dc)
        if target == waiting:
            return False
        info = TurnInfo.of(dc.context)
        reason = "click_unknown" if target is None else await self._stale(info, str(target))
        await dc.context.send_activity(self.services.texts(reason, info.lang))
        return True

    async def _stale(self, info: TurnInfo, target: str) -> str:
        kind, _, number = target.partition(":")
        if kind != "assessment" or not number.isdigit():
            return "click_expired"
        if info.organisation is None:
            return "click_other"
        state = await self.services.assessments.state(info.organisation.id, int(number))
        return CLICKED_ASSESSMENT.get(state, "click_other")

    async def _answer(self, dc: DialogContext, command: Command, in_dialog: bool) -> None:
        info, texts = TurnInfo.of(dc.context), self.services.texts
        if command in (Command.LANGUAGE, *CHOSEN_LANGUAGE):
            info.profile.language = CHOSEN_LANGUAGE.get(command, "sv" if info.lang == "en" else "en")
            await dc.context.send_activity(texts("language_set", info.lang))
        elif command is Command.STATUS:
            if info.organisation is not None:
                rest = info.command.rest if info.command else []
                await dc.context.send_activity(
                    await status_reply(self.services, dc.context, info.organisation, rest, info.lang))
        elif in_dialog and _in_questions(dc):
            await dc.context.send_activity(f"{texts('help_question', info.lang)} {texts('answer_hint', info.lang)}")
        else:
            lines = [texts("help", info.lang)] + [texts(f.help, info.lang) for f in self.features.values() if f.help]
            await dc.context.send_activity("\n\n".join(lines))
            if not in_dialog:
                await self._menu(dc, unknown=False)

    async def _menu(self, dc: DialogContext, unknown: bool) -> None:
        info, texts = TurnInfo.of(dc.context), self.services.texts

        def buttons(more: bool) -> list[tuple[str, str]]:
            return [(f.command.value, texts(f.menu, info.lang)) for f in self.features.values()
                    if f.menu and f.more is more]

        if unknown:
            await dc.context.send_activity(texts("unknown", info.lang))
        await dc.context.send_activity(command_card(texts("menu_title", info.lang), buttons(more=False),
                                                    (texts("menu_more", info.lang), buttons(more=True))))


def _in_questions(dc: DialogContext, any_set: bool = False) -> bool:
    """Whether the model's questions wait for an answer; `any_set`: any question set's (quick check too)."""
    instance = innermost(dc)
    if instance is None:
        return False
    return ASKING in instance.state if any_set else instance.id == RowQuestions.__name__


def _clicked_command(dc: DialogContext) -> bool:
    value = dc.context.activity.value
    return isinstance(value, dict) and bool(value.get("command"))
