"""The root dialog: makes sure an organisation is chosen, then routes the user's command.

Help, cancel, status and language work everywhere, also in the middle of another dialog;
they live here once instead of in every dialog.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

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
from dialogs.assessment.assessment import AssessmentDialog, AssessmentOptions
from dialogs.assessment.rows import RowQuestions
from dialogs.clicks import TARGET, click, waiting_target
from dialogs.stack import innermost
from dialogs.members.organisation import OrganisationDialog
from dialogs.replies import Command, CommandCall, parse_command
from dialogs.assessment.scope import scope_from_words
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.assessment.summary import summary_card


# The menu card: the most used on the card, the rest folded under "Mer"; feature commands appear when
# their dialog is registered.
MENU = (Command.START, Command.CONTINUE, Command.STATUS, Command.QUICK_CHECK, Command.PLAN)
MENU_MORE = (Command.REPORT, Command.CRISIS, Command.MY_CHECKS, Command.MEMBERS, Command.SETTINGS, Command.SWITCH,
             Command.LANGUAGE)
FEATURE_COMMANDS = {Command.QUICK_CHECK, Command.PLAN, Command.REPORT, Command.CRISIS, Command.MY_CHECKS,
                    Command.MEMBERS, Command.SETTINGS}
# Served also to someone who has no organisation (any more): their feature gets organisation_id None.
WITHOUT_ORGANISATION = {Command.FORGET_ME}


def command_of(context) -> CommandCall | None:
    activity = context.activity
    value = activity.value if isinstance(activity.value, dict) else {}
    return parse_command(value.get("command") or activity.text)


class MainDialog(ComponentDialog):
    def __init__(self, services: Services, features: Mapping[Command, Dialog] = MappingProxyType({})) -> None:
        """`features`: the dialog that serves each further command; it begins with FeatureOptions."""
        super().__init__(MainDialog.__name__)
        self.services = services
        self.features = {command: dialog.id for command, dialog in features.items()}
        for dialog in {id(d): d for d in features.values()}.values():
            self.add_dialog(dialog)
        self.add_dialog(OrganisationDialog(services))
        self.add_dialog(AssessmentDialog(services))
        self.add_dialog(WaterfallDialog("steps", [self.organisation_step, self.route_step]))
        self.initial_dialog_id = "steps"

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        call = command_of(inner_dc.context)
        if call is None and await self._refused_click(inner_dc):
            await inner_dc.reprompt_dialog()
            return Dialog.end_of_turn
        if call is None or call.rest:
            return await super().on_continue_dialog(inner_dc)
        info, texts = TurnInfo.of(inner_dc.context), self.services.texts
        if call.command is Command.CANCEL:
            in_questions = _in_questions(inner_dc)
            await inner_dc.cancel_all_dialogs()
            await inner_dc.context.send_activity(texts("paused" if in_questions else "cancelled", info.lang))
            return DialogTurnResult(DialogTurnStatus.Cancelled)
        if call.command in (Command.HELP, Command.STATUS, Command.LANGUAGE):
            await self._answer(inner_dc, call.command, in_dialog=True)
            await inner_dc.reprompt_dialog()
            return Dialog.end_of_turn
        # Any other command starts over with that command.
        await inner_dc.cancel_all_dialogs()
        return await inner_dc.begin_dialog(self.initial_dialog_id)

    async def organisation_step(self, step: WaterfallStepContext):
        info, texts = TurnInfo.of(step.context), self.services.texts
        call = command_of(step.context)
        needs_none = call is not None and call.command in WITHOUT_ORGANISATION
        if needs_none or await info.organisation(self.services.database) is not None:
            return await step.next(None)
        if not info.profile.greeted:
            info.profile.greeted = True
            await step.context.send_activity(texts("greeting", info.lang, count=len(self.services.model.rows)))
        return await step.begin_dialog(OrganisationDialog.__name__)

    async def route_step(self, step: WaterfallStepContext):
        just_chosen = step.result is not None
        call = command_of(step.context)
        command = call.command if call else None
        if command is None and not just_chosen and await self._refused_click(step):
            return await step.end_dialog()
        organisation = await TurnInfo.of(step.context).organisation(self.services.database)
        if organisation is None and command not in WITHOUT_ORGANISATION:
            return await step.end_dialog()  # none chosen (too many wrong codes, say); the user heard why
        if command is Command.START:
            scope = scope_from_words(self.services.model, call.rest)
            return await step.begin_dialog(AssessmentDialog.__name__, AssessmentOptions(organisation.id, scope))
        if command is Command.CONTINUE:
            return await step.begin_dialog(AssessmentDialog.__name__, AssessmentOptions(organisation.id, resume=True))
        if command in self.features:
            options = FeatureOptions(organisation and organisation.id, command.value, tuple(call.rest))
            return await step.begin_dialog(self.features[command], options)
        if command is Command.SWITCH and not just_chosen:
            return await step.begin_dialog(OrganisationDialog.__name__)
        if command in (Command.HELP, Command.STATUS, Command.LANGUAGE):
            await self._answer(step, command, in_dialog=False)
        elif command is Command.CANCEL:
            await step.context.send_activity(self.services.texts("nothing_to_cancel", TurnInfo.of(step.context).lang))
        elif command is not Command.SWITCH:
            await self._menu(step, unknown=command is None and not just_chosen)
        return await step.end_dialog()

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
        database = self.services.database
        organisation = await info.organisation(database)
        assessment = await database.assessments.get(organisation.id, int(number)) if organisation else None
        if assessment is None:
            return "click_other"
        if assessment.completed_at is not None:
            return "click_finished"
        latest = await database.assessments.latest(organisation.id)
        return "click_paused" if latest is not None and latest.id == assessment.id else "click_other"

    async def _answer(self, dc: DialogContext, command: Command, in_dialog: bool) -> None:
        info, texts = TurnInfo.of(dc.context), self.services.texts
        if command is Command.LANGUAGE:
            info.profile.language = "sv" if info.lang == "en" else "en"
            await dc.context.send_activity(texts("language_set", info.lang))
        elif command is Command.STATUS:
            organisation = await info.organisation(self.services.database)
            if organisation is not None:
                await dc.context.send_activity(await summary_card(self.services, organisation, info.lang))
        elif in_dialog and _in_questions(dc):
            await dc.context.send_activity(f"{texts('help_question', info.lang)} {texts('answer_hint', info.lang)}")
        else:
            # A feature explains itself with a text "help_<command>" in its own texts file.
            lines = [texts("help", info.lang)] + [texts(f"help_{c.name.lower()}", info.lang)
                                                 for c in self.features if f"help_{c.name.lower()}" in texts]
            await dc.context.send_activity("\n\n".join(lines))
            if not in_dialog:
                await self._menu(dc, unknown=False)

    async def _menu(self, dc: DialogContext, unknown: bool) -> None:
        info, texts = TurnInfo.of(dc.context), self.services.texts

        def commands(listed: tuple[Command, ...]) -> list[tuple[str, str]]:
            shown = [c for c in listed if c in self.features or c not in FEATURE_COMMANDS]
            return [(c.value, texts(f"menu_{c.name.lower()}", info.lang)) for c in shown]

        if unknown:
            await dc.context.send_activity(texts("unknown", info.lang))
        await dc.context.send_activity(command_card(texts("menu_title", info.lang), commands(MENU),
                                                    (texts("menu_more", info.lang), commands(MENU_MORE))))


def _in_questions(dc: DialogContext) -> bool:
    instance = innermost(dc)
    return instance is not None and instance.id == RowQuestions.__name__
