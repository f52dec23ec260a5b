"""Asks check items one by one (ja / delvis / nej / ej relevant, or ja / nej / vet inte) and saves
each answer the moment it is given. One subclass per place the answers are kept."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from botbuilder.dialogs import Dialog, DialogContext, DialogInstance, DialogTurnResult

from bot.cards import answered_card, choice_card
from bot.cards.checkin import check_question_card
from dialogs.choice import ChoiceOptions, answered
from dialogs.clicks import TARGET, aimed, click, new_target, replace_clicked_card
from dialogs.replies import words
from dialogs.context import Services, TurnInfo
from model.checks import CheckinContent

_ANSWER_WORDS: dict[tuple[str, ...], str] = {
    **dict.fromkeys([("ja",), ("yes",), ("j",), ("y",)], "yes"),
    **dict.fromkeys([("delvis",), ("partly",), ("partially",), ("in", "part")], "partly"),
    **dict.fromkeys([("nej",), ("no",), ("n",)], "no"),
    **dict.fromkeys([("ej", "relevant"), ("inte", "relevant"), ("not", "relevant"), ("na",), ("n/a",),
                     ("not", "applicable")], "na"),
    **dict.fromkeys([("vet", "inte"), ("vet", "ej"), ("don", "t", "know"), ("unknown",), ("not", "sure")],
                    "unknown"),
}


def parse_check_answer(text: str | None, value: dict | None, allowed: tuple[str, ...]) -> str | None:
    """An answer among `allowed`: from a button, by its number, or typed in Swedish or English."""
    clicked = (value.get("answer") or value.get("choice")) if isinstance(value, dict) else None
    if clicked in allowed:
        return clicked
    tokens = tuple(words(text))
    if len(tokens) == 1 and tokens[0].isdigit() and 1 <= int(tokens[0]) <= len(allowed):
        return allowed[int(tokens[0]) - 1]
    answer = _ANSWER_WORDS.get(tokens)
    return answer if answer in allowed else None


@dataclass
class CheckLoopState:
    organisation_id: str
    checkin_id: int | None  # None: answers that belong to the organisation, not to one check-in
    keys: list[str]
    progress: str  # the text key of the progress line
    show_current: bool = False  # when answers are changed later
    position: int = 0

    to_dict = asdict

    @property
    def target(self) -> str:
        """What this loop's cards answer to; a check-in or the review resumed later takes its old cards."""
        return f"checkin:{self.checkin_id}" if self.checkin_id is not None else f"preparedness:{self.organisation_id}"

    @classmethod
    def from_dict(cls, data: dict) -> "CheckLoopState":
        return cls(**data)


class CheckLoop(Dialog):
    def __init__(self, services: Services, content: CheckinContent) -> None:
        super().__init__(type(self).__name__)
        self.services, self.content = services, content

    async def save(self, state: CheckLoopState, key: str, answer: str, user_id: str) -> None:
        raise NotImplementedError

    async def current(self, state: CheckLoopState) -> dict[str, str]:
        raise NotImplementedError

    async def begin_dialog(self, dc: DialogContext, options: CheckLoopState = None) -> DialogTurnResult:
        dc.active_dialog.state["loop"] = options.to_dict()
        dc.active_dialog.state[TARGET] = options.target
        await self._ask(dc.context, options)
        return Dialog.end_of_turn

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        state = CheckLoopState.from_dict(dc.active_dialog.state["loop"])
        clicked, info = click(dc.context), TurnInfo.of(dc.context)
        key = clicked.get("item") if clicked is not None else state.keys[state.position]
        if key not in state.keys:
            await dc.context.send_activity(self.services.texts("click_unknown", info.lang))
            await self._ask(dc.context, state)
            return Dialog.end_of_turn
        item = self.content.item(key)
        answer = parse_check_answer(dc.context.activity.text, clicked, item.answers)
        if answer is None:
            await dc.context.send_activity(self.services.texts(f"checkin_hint_{item.kind}", info.lang))
            return Dialog.end_of_turn
        await self.save(state, item.key, answer, info.user_id)
        answer_text = self.services.texts(f"checkin_answer_{answer}", info.lang)
        await replace_clicked_card(dc.context, answered_card(
            item.title(info.lang), self.services.texts("answered_card", info.lang, answer=answer_text)))
        if key != state.keys[state.position]:  # a card of an earlier item: a change, then the open item again
            await dc.context.send_activity(self.services.texts("answer_changed", info.lang,
                                                               topic=item.title(info.lang), answer=answer_text))
            await self._ask(dc.context, state)
            return Dialog.end_of_turn
        state.position += 1
        if state.position == len(state.keys):
            return await dc.end_dialog(True)
        dc.active_dialog.state["loop"] = state.to_dict()
        await self._ask(dc.context, state)
        return Dialog.end_of_turn

    async def reprompt_dialog(self, context, instance: DialogInstance) -> None:
        await self._ask(context, CheckLoopState.from_dict(instance.state["loop"]))

    async def _ask(self, context, state: CheckLoopState) -> None:
        texts, lang = self.services.texts, TurnInfo.of(context).lang
        item = self.content.item(state.keys[state.position])
        shown = None
        if state.show_current:
            answer = (await self.current(state)).get(item.key)
            shown = texts("checkin_current", lang, answer=texts(f"checkin_answer_{answer or 'none'}", lang))
        progress = texts(state.progress, lang, number=state.position + 1, total=len(state.keys))
        choices = [(answer, texts(f"checkin_answer_{answer}", lang)) for answer in item.answers]
        card = check_question_card(progress, item.title(lang), item.question(lang), choices, shown)
        await context.send_activity(aimed(card, state.target, item=item.key))


class CheckinAnswerLoop(CheckLoop):
    async def save(self, state: CheckLoopState, key: str, answer: str, user_id: str) -> None:
        await self.services.database.checkins.answer(state.checkin_id, key, answer, user_id, self.services.clock())

    async def current(self, state: CheckLoopState) -> dict[str, str]:
        checkin = await self.services.database.checkins.get(state.organisation_id, state.checkin_id)
        return dict(checkin.answers)


class PreparednessLoop(CheckLoop):
    async def save(self, state: CheckLoopState, key: str, answer: str, user_id: str) -> None:
        await self.services.database.preparedness.answer(state.organisation_id, key, answer, user_id,
                                                         self.services.clock())

    async def current(self, state: CheckLoopState) -> dict[str, str]:
        return await self.services.database.preparedness.current(state.organisation_id)


class AnswerPrompt(Dialog):
    """ChoicePrompt for answer keys such as "yes" and "no", which people also type as ja / nej."""

    def __init__(self, services: Services) -> None:
        super().__init__(AnswerPrompt.__name__)
        self.services = services

    async def begin_dialog(self, dc: DialogContext, options: ChoiceOptions = None) -> DialogTurnResult:
        dc.active_dialog.state["choice"] = options.to_dict()
        dc.active_dialog.state[TARGET] = new_target("choice")
        await self._ask(dc.context, dc.active_dialog, options.intro)
        return Dialog.end_of_turn

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        options = ChoiceOptions.from_dict(dc.active_dialog.state["choice"])
        keys = tuple(key for key, _ in options.options)
        answer = parse_check_answer(dc.context.activity.text, click(dc.context), keys)
        if answer is not None:
            await answered(dc.context, self.services, options, answer)
            return await dc.end_dialog(answer)
        await dc.context.send_activity(self.services.texts("checkin_hint_preparedness", TurnInfo.of(dc.context).lang))
        return Dialog.end_of_turn

    async def reprompt_dialog(self, context, instance: DialogInstance) -> None:
        await self._ask(context, instance, None)

    async def _ask(self, context, instance: DialogInstance, intro: str | None) -> None:
        options = ChoiceOptions.from_dict(instance.state["choice"])
        await context.send_activity(aimed(choice_card(options.prompt, options.options, intro), instance.state[TARGET]))
