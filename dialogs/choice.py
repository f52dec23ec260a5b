"""A choice among buttons, also accepted typed as a number or the option's words.

botbuilder's ChoicePrompt has no Swedish culture, so recognition is ours (dialogs.answers).
Only keys and labels are kept in dialog state, not the rendered card.
"""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import Dialog, DialogContext, DialogInstance, DialogTurnResult

from bot.cards import answered_card, choice_card
from dialogs.answers import read_choice
from dialogs.clicks import TARGET, aimed, click, new_target, replace_clicked_card
from dialogs.context import Services, TurnInfo

CHOICE = "choice"  # key of the options in the prompt's dialog state


@dataclass
class ChoiceOptions:
    prompt: str
    options: list[tuple[str, str]]  # (key, label)
    intro: str | None = None
    hint: str | None = None  # said to a reply that is none of the options; None: the card again, saying so

    def __post_init__(self) -> None:
        self.options = [tuple(option) for option in self.options]  # stored state gives them back as lists


class ChoicePrompt(Dialog):
    def __init__(self, services: Services) -> None:
        super().__init__(ChoicePrompt.__name__)
        self.services = services

    async def begin_dialog(self, dc: DialogContext, options: ChoiceOptions = None) -> DialogTurnResult:
        dc.active_dialog.state[CHOICE] = options
        dc.active_dialog.state[TARGET] = new_target("choice")
        await self._ask(dc.context, dc.active_dialog, intro=options.intro)
        return Dialog.end_of_turn

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        options: ChoiceOptions = dc.active_dialog.state[CHOICE]
        lang = TurnInfo.of(dc.context).lang
        chosen = read_choice(self.services.texts, dc.context.activity.text, click(dc.context), options.options)
        if chosen is not None:
            label = dict(options.options)[chosen]
            await replace_clicked_card(dc.context, answered_card(
                options.prompt, self.services.texts("chosen_card", lang, choice=label)))
            return await dc.end_dialog(chosen)
        if options.hint:
            await dc.context.send_activity(options.hint)
        else:
            await self._ask(dc.context, dc.active_dialog, intro=self.services.texts("choice_invalid", lang))
        return Dialog.end_of_turn

    async def reprompt_dialog(self, context, instance: DialogInstance) -> None:
        await self._ask(context, instance, intro=None)

    async def _ask(self, context, instance: DialogInstance, intro: str | None) -> None:
        options: ChoiceOptions = instance.state[CHOICE]
        await context.send_activity(aimed(choice_card(options.prompt, options.options, intro), instance.state[TARGET]))
