"""`glöm mig` / `forget me`: the bot forgets the person, after they confirm with `glöm mig nu` / `forget me
now` (a button does it for them). Their answers stay with the organisation as a former member's.

The confirmation is typed, not a prompt waiting in the dialog stack: someone with no organisation
(removed, or never in one) must be able to ask too, and a waiting dialog is dropped for them.
"""
from __future__ import annotations

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from bot.cards import card_activity, submit, text_block
from dialogs.context import FeatureOptions, Services, TurnInfo, forget_state


class ForgetMeDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(ForgetMeDialog.__name__)
        self.services = services
        self.add_dialog(WaterfallDialog("steps", [self.act_step]))
        self.initial_dialog_id = "steps"

    async def act_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        if tuple(options.words) not in texts.phrases("forget_now_words"):
            await step.context.send_activity(await self._explanation(info))
            return await step.end_dialog()
        await self.services.membership.forget(info.speaker)
        forget_state(step.context)
        await step.context.send_activity(texts("forget_done", info.lang))
        return await step.end_dialog()

    async def _explanation(self, info: TurnInfo):
        texts, lang = self.services.texts, info.lang
        lines = [texts("forget_what", lang)]
        for departure in await self.services.membership.departures(info.speaker):
            if departure.alone:
                lines.append(texts("forget_alone", lang, name=departure.organisation))
            elif departure.successor:
                lines.append(texts("forget_successor", lang, name=departure.organisation,
                                   person=departure.successor))
        command = texts.plain("forget_command", lang)
        lines.append(texts("forget_confirm", lang, command=command))
        confirm = submit(texts("forget_button", lang), {"command": command})
        return card_activity([text_block(line) for line in lines], [confirm], texts("forget_title", lang))
