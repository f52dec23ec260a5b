"""Joining an organisation with an invitation code: "gå med K7QM-2XPD", or the code asked for.

Wrong codes are counted (storage/invitations.py); after too many the person is asked to wait.
"""
from __future__ import annotations

import logging

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from dialogs.context import Services, TurnInfo
from dialogs.replies import Command
from services.membership import invitation_code, pseudonym

logger = logging.getLogger(__name__)
CODE_PROMPT = "invitation_code"
# Set when a code was used this turn: the organisation dialog may already have joined before the
# main dialog routes the same "gå med" to this dialog as a feature.
JOINED_THIS_TURN = "dala.joined"


def asks_to_join(context: TurnContext) -> bool:
    call = TurnInfo.of(context).command
    return call is not None and call.command is Command.JOIN


def code_in(context: TurnContext) -> str | None:
    """The code in "gå med <code>" / "join <code>", if the words after the command look like one."""
    return invitation_code("".join(TurnInfo.of(context).command.rest)) if asks_to_join(context) else None


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
        if typed and await self.services.membership.invited_to(info.speaker, typed):
            return await step.next(typed)
        ask = texts("join_ask_code", info.lang)
        first = f"{texts('join_code_invalid', info.lang)} {ask}" if typed else ask
        return await step.prompt(CODE_PROMPT, PromptOptions(
            prompt=MessageFactory.text(first),
            retry_prompt=MessageFactory.text(f"{texts('join_code_invalid', info.lang)} {ask}")))

    async def join_step(self, step: WaterfallStepContext):
        info, texts, membership = TurnInfo.of(step.context), self.services.texts, self.services.membership
        if not await self._may_try(step.context, info):
            return await step.end_dialog()
        organisation = await membership.invited_to(info.speaker, code_in(step.context) or step.result)
        if organisation is None:  # expired in the moment between checking and joining
            return await step.replace_dialog(self.initial_dialog_id)
        step.context.turn_state[JOINED_THIS_TURN] = organisation.id
        current = info.organisation
        if await membership.join(info.speaker, organisation, current):
            info.use_organisation(organisation)
            await step.context.send_activity(texts("joined", info.lang, name=organisation.name))
        else:
            # A team chat answers for the organisation it is bound to; joining another does not move it.
            await step.context.send_activity(
                texts("joined_elsewhere", info.lang, name=organisation.name, current=current.name))
        return await step.end_dialog(organisation.id)

    async def _valid_code(self, prompt: PromptValidatorContext) -> bool:
        info, membership = TurnInfo.of(prompt.context), self.services.membership
        if not await membership.may_try_code(info.speaker):
            return True  # the join step says why it stops here
        typed = prompt.recognized.value if prompt.recognized.succeeded else ""
        return await membership.invited_to(info.speaker, code_in(prompt.context) or typed or "") is not None

    async def _may_try(self, context: TurnContext, info: TurnInfo) -> bool:
        if await self.services.membership.may_try_code(info.speaker):
            return True
        logger.warning("Refused an invitation code from user %s in tenant %s: too many wrong codes in 10 minutes",
                       pseudonym(info.user_id), info.tenant_id)
        await context.send_activity(self.services.texts("join_too_many_codes", info.lang))
        return False
