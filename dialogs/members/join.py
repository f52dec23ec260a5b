"""Joining an organisation with an invitation code: "gå med K7QM-2XPD", or the code asked for.

Wrong codes are counted (storage/invitations.py); after too many the person is asked to wait.
"""
from __future__ import annotations

import hashlib
import logging

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from storage import Organisation
from storage.invitations import LENGTH, normalise
from dialogs.replies import Command, CommandCall, parse_command
from dialogs.context import Services, TurnInfo

logger = logging.getLogger(__name__)
CODE_PROMPT = "invitation_code"
# Set when a code was used this turn: the organisation dialog may already have joined before the
# main dialog routes the same "gå med" to this dialog as a feature.
JOINED_THIS_TURN = "dala.joined"


def _join_call(context: TurnContext) -> CommandCall | None:
    value = context.activity.value if isinstance(context.activity.value, dict) else {}
    call = parse_command(value.get("command") or context.activity.text)
    return call if call is not None and call.command is Command.JOIN else None


def asks_to_join(context: TurnContext) -> bool:
    return _join_call(context) is not None


def code_in(context: TurnContext) -> str | None:
    """The code in "gå med <code>" / "join <code>", if the words after the command look like one."""
    call = _join_call(context)
    code = normalise("".join(call.rest)) if call else ""
    return code if len(code) == LENGTH else None


class JoinDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(JoinDialog.__name__)
        self.services = services
        self.add_dialog(TextPrompt(CODE_PROMPT, self._valid_code))
        self.add_dialog(WaterfallDialog("steps", [self.code_step, self.join_step]))
        self.initial_dialog_id = "steps"

    async def code_step(self, step: WaterfallStepContext):
        if step.context.turn_state.get(JOINED_THIS_TURN):
            return await step.end_dialog(step.context.turn_state[JOINED_THIS_TURN])
        info, texts = TurnInfo.of(step.context), self.services.texts
        if not await self._may_try(step.context, info):
            return await step.end_dialog()
        typed = code_in(step.context)
        if typed and await self._invited_to(info, typed):
            return await step.next(typed)
        ask = texts("join_ask_code", info.lang)
        first = f"{texts('join_code_invalid', info.lang)} {ask}" if typed else ask
        return await step.prompt(CODE_PROMPT, PromptOptions(
            prompt=MessageFactory.text(first),
            retry_prompt=MessageFactory.text(f"{texts('join_code_invalid', info.lang)} {ask}")))

    async def join_step(self, step: WaterfallStepContext):
        info, texts, database = TurnInfo.of(step.context), self.services.texts, self.services.database
        if not await self._may_try(step.context, info):
            return await step.end_dialog()
        organisation = await self._invited_to(info, code_in(step.context) or normalise(step.result))
        if organisation is None:  # expired in the moment between checking and joining
            return await step.replace_dialog(self.initial_dialog_id)
        await database.organisations.add_member(organisation.id, info.user_id, info.user_name)
        step.context.turn_state[JOINED_THIS_TURN] = organisation.id
        current = await info.organisation(database)
        if info.personal or current is None:
            if not info.personal:
                await database.organisations.bind_conversation(
                    info.tenant_id, info.conversation_id, organisation.id, self.services.clock())
            info.use_organisation(organisation)
            await step.context.send_activity(texts("joined", info.lang, name=organisation.name))
        else:
            # A team chat answers for the organisation it is bound to; joining another does not move it.
            await step.context.send_activity(
                texts("joined_elsewhere", info.lang, name=organisation.name, current=current.name))
        return await step.end_dialog(organisation.id)

    async def _valid_code(self, prompt: PromptValidatorContext) -> bool:
        info = TurnInfo.of(prompt.context)
        if not await self.services.database.invitations.may_try(info.tenant_id, info.user_id, self.services.clock()):
            return True  # the join step says why it stops here
        typed = prompt.recognized.value if prompt.recognized.succeeded else ""
        code = code_in(prompt.context) or normalise(typed or "")
        return await self._invited_to(info, code) is not None

    async def _invited_to(self, info: TurnInfo, code: str) -> Organisation | None:
        database, now = self.services.database, self.services.clock()
        organisation_id = await database.invitations.organisation_for(info.tenant_id, code, now)
        if organisation_id is None:
            tries = await database.invitations.record_wrong_code(info.tenant_id, info.user_id, now)
            logger.info("Wrong invitation code in tenant %s from user %s (%d in 10 minutes)", info.tenant_id,
                        _pseudonym(info.user_id), tries)
            return None
        return await database.organisations.get(info.tenant_id, organisation_id)

    async def _may_try(self, context: TurnContext, info: TurnInfo) -> bool:
        if await self.services.database.invitations.may_try(info.tenant_id, info.user_id, self.services.clock()):
            return True
        logger.warning("Refused an invitation code from user %s in tenant %s: too many wrong codes in 10 minutes",
                       _pseudonym(info.user_id), info.tenant_id)
        await context.send_activity(self.services.texts("join_too_many_codes", info.lang))
        return False


def _pseudonym(user_id: str) -> str:
    # Enough to follow one person's tries through the log; logs outlive erasure requests, so no raw id.
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:12]
