"""A choice among buttons, also accepted typed as a number or the option's words.

botbuilder's ChoicePrompt has no Swedish culture, so recognition is ours (dialogs.replies).
Only keys and labels are kept in dialog state, not the rendered card.
"""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult

from bot.cards import answered_card, choice_card
from dialogs.clicks import TARGET, aimed, click, new_target, replace_clicked_card
from dialogs.replies import parse_choice
from dialogs.context import Services, TurnInfo


@dataclass
class ChoiceOptions:
    prompt: str
    options: list[tuple[str, str]]  # (key, label)
    intro: str | None = None

    def to_dict(self) -> dict:
        return {"prompt": self.prompt, "options": [list(o) for o in self.options], "intro": self.intro}

    @classmethod
    def from_dict(cls, data: dict) -> "ChoiceOptions":
        return cls(data["prompt"], [tuple(o) for o in data["options"]], data.get("intro"))


class ChoicePrompt(Dialog):
    def __init__(self, services: Services) -> None:
        super().__init__(ChoicePrompt.__name__)
        self.services = services

    async def begin_dialog(self, dc: DialogContext, options: ChoiceOptions = None) -> DialogTurnResult:
        dc.active_dialog.state["choice"] = options.to_dict()
        dc.active_dialog.state[TARGET] = new_target("choice")
        await self._ask(dc.context, dc.active_dialog, intro=options.intro)
        return Dialog.end_of_turn

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        options = ChoiceOptions.from_dict(dc.active_dialog.state["choice"])
        activity = dc.context.activity
        chosen = parse_choice(activity.text, click(dc.context), options.options)
        if chosen is not None:
            await answered(dc.context, self.services, options, chosen)
            return await dc.end_dialog(chosen)
        intro = self.services.texts("choice_invalid", TurnInfo.of(dc.context).lang)
        await self._ask(dc.context, dc.active_dialog, intro)
        return Dialog.end_of_turn

    async def reprompt_dialog(self, context, instance) -> None:
        await self._ask(context, instance, intro=None)

    async def _ask(self, context, instance, intro: str | None) -> None:
        options = ChoiceOptions.from_dict(instance.state["choice"])
        await context.send_activity(aimed(choice_card(options.prompt, options.options, intro), instance.state[TARGET]))


async def answered(context, services: Services, options: ChoiceOptions, chosen: str) -> None:
    """The clicked choice card becomes its question and the choice made."""
    lang = TurnInfo.of(context).lang
    label = dict(options.options)[chosen]
    await replace_clicked_card(context, answered_card(options.prompt, services.texts("chosen_card", lang,
                                                                                     choice=label)))
