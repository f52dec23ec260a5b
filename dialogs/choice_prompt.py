"""A choice among buttons, also accepted typed as a number or the option's words.

botbuilder's ChoicePrompt has no Swedish culture, so recognition is ours (dialogs.replies).
Only keys and labels are kept in dialog state, not the rendered card.
"""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult

from bot.cards import choice_card
from dialogs.replies import parse_choice
from dialogs.services import Services, TurnInfo


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
        await self._ask(dc, options, intro=options.intro)
        return Dialog.end_of_turn

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        options = ChoiceOptions.from_dict(dc.active_dialog.state["choice"])
        activity = dc.context.activity
        chosen = parse_choice(activity.text, activity.value, [key for key, _ in options.options])
        if chosen is not None:
            return await dc.end_dialog(chosen)
        await self._ask(dc, options, intro=self.services.texts("choice_invalid", TurnInfo.of(dc.context).lang))
        return Dialog.end_of_turn

    async def reprompt_dialog(self, context, instance) -> None:
        options = ChoiceOptions.from_dict(instance.state["choice"])
        await context.send_activity(choice_card(options.prompt, options.options))

    async def _ask(self, dc: DialogContext, options: ChoiceOptions, intro: str | None) -> None:
        await dc.context.send_activity(choice_card(options.prompt, options.options, intro))
