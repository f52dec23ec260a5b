"""`glöm mig` / `forget me`: the bot forgets the person, after they confirm with `glöm mig nu` / `forget me
now` (a button does it for them). Their answers stay with the organisation as a former member's.

The confirmation is typed, not a prompt waiting in the dialog stack: someone with no organisation
(removed, or never in one) must be able to ask too, and a waiting dialog is dropped for them.
"""
from __future__ import annotations

import logging

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from bot.cards import card_activity, submit, text_block
from bot.turn_state import forget
from dialogs.context import FeatureOptions, Services, TurnInfo

logger = logging.getLogger(__name__)
CONFIRMING = {"sv": "nu", "en": "now"}
COMMAND = {"sv": "glöm mig", "en": "forget me"}


class ForgetMeDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(ForgetMeDialog.__name__)
        self.services = services
        self.add_dialog(WaterfallDialog("steps", [self.act_step]))
        self.initial_dialog_id = "steps"

    async def act_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts, erasure = TurnInfo.of(step.context), self.services.texts, self.services.database.erasure
        if not (len(options.words) == 1 and options.words[0] in CONFIRMING.values()):
            await step.context.send_activity(await self._explanation(info))
            return await step.end_dialog()
        await erasure.forget_person(info.tenant_id, info.user_id)
        forget(step.context)
        logger.info("Forgot a person in tenant %s at their request", info.tenant_id)
        await step.context.send_activity(texts("forget_done", info.lang))
        return await step.end_dialog()

    async def _explanation(self, info: TurnInfo):
        texts, lang = self.services.texts, info.lang
        lines = [texts("forget_what", lang)]
        for membership in await self.services.database.erasure.memberships(info.tenant_id, info.user_id):
            if membership.alone:
                lines.append(texts("forget_alone", lang, name=membership.organisation))
            elif membership.successor:
                lines.append(texts("forget_successor", lang, name=membership.organisation,
                                   person=membership.successor))
        lines.append(texts("forget_confirm", lang, command=f"{COMMAND[lang]} {CONFIRMING[lang]}"))
        confirm = submit(texts("forget_button", lang), {"command": f"{COMMAND[lang]} {CONFIRMING[lang]}"})
        return card_activity([text_block(line) for line in lines], [confirm], texts("forget_title", lang))
