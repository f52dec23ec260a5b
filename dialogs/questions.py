"""The question engine: asks a round of questions one by one and saves each answer the moment it is given.

What differs between an assessment and a quick check is the question set (`Questions`): what is asked, which
answers it takes, and how an answer is saved and shown (dialogs/assessment/rows.py, dialogs/checkin/items.py).
The engine does the rest once for all of them: the card aimed at the round's target, typed or clicked answers,
a click on an earlier card of the same round changing that answer, tillbaka, and the re-prompt.

A custom Dialog rather than a waterfall with prompts: the state is a few keys and numbers (`Asking`), and each
card is rebuilt from the model instead of being stored with the dialog.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from botbuilder.dialogs import Dialog, DialogContext, DialogInstance, DialogTurnResult
from botbuilder.schema import Activity

from bot.cards import answered_card
from dialogs.answers import Reading, Said
from dialogs.clicks import TARGET, aimed, click, replace_clicked_card
from dialogs.context import Services, TurnInfo

ASKING = "asking"  # key of the round in the engine's dialog state


@dataclass
class Asking:
    """A round of questions: where its answers go, what it asks, and how far it has come. The engine begins
    with it and keeps it as its state."""

    sheet: Any  # where the answers go: a dataclass of the question set's own (RowSheet, CheckinSheet …)
    keys: list[str]  # what is asked, in order
    skip: list[str] = field(default_factory=list)  # not asked in this round (answered already)
    position: int = -1
    trail: list[int] = field(default_factory=list)  # positions answered or skipped, for "tillbaka"
    target: str = ""  # what the round's cards answer to (dialogs/clicks.py)

    @property
    def key(self) -> str:
        return self.keys[self.position]

    @property
    def following(self) -> str | None:
        """The key after the open one in the round's order, asked or not."""
        return self.keys[self.position + 1] if self.position + 1 < len(self.keys) else None


class Questions(ABC):
    """A question set: everything about a round that is not the engine's. Its methods take plain values, so
    what reads or saves an answer can also serve a click that reaches no engine (one card many answer)."""

    key_field: str  # the name of the asked key in a button's data ("row", "item")

    @abstractmethod
    def target(self, sheet: Any) -> str:
        """What the cards of a round on `sheet` answer to."""

    @abstractmethod
    def read(self, key: str, text: str | None, clicked: dict | None) -> Reading:
        """The reply to question `key`, typed (`text`) or clicked."""

    @abstractmethod
    def hint(self, key: str, reading: Reading, lang: str) -> str:
        """What to say to a reply that was not understood."""

    @abstractmethod
    def title(self, key: str, lang: str) -> str:
        """The question's short name, on its answered card and in "Ändrat: …"."""

    @abstractmethod
    def answer_text(self, reading: Reading, lang: str) -> str:
        """An answer (or a skip) as people read it."""

    @abstractmethod
    async def card(self, asking: Asking, lang: str, again: bool) -> Activity:
        """The open question's card; `again`: asked again after "tillbaka", so the current answer shows."""

    @abstractmethod
    async def answered(self, asking: Asking, reading: Reading, info: TurnInfo) -> list[str]:
        """The open question was answered or skipped: saves an answer, and returns what to say before the
        next question."""

    @abstractmethod
    async def changed(self, sheet: Any, key: str, reading: Reading, info: TurnInfo) -> None:
        """Saves a new answer to an earlier question of the round."""


class QuestionsDialog(Dialog):
    """Runs one question set. Its id is the set's class name: each set waits under a name of its own."""

    def __init__(self, services: Services, questions: Questions) -> None:
        super().__init__(type(questions).__name__)
        self.services, self.questions = services, questions

    async def begin_dialog(self, dc: DialogContext, options: Asking = None) -> DialogTurnResult:
        options.target = self.questions.target(options.sheet)
        dc.active_dialog.state[ASKING] = options
        dc.active_dialog.state[TARGET] = options.target
        return await self._advance(dc, options)

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        asking: Asking = dc.active_dialog.state[ASKING]
        clicked, info = click(dc.context), TurnInfo.of(dc.context)
        key = clicked.get(self.questions.key_field) if clicked is not None else asking.key
        if key not in asking.keys:
            await dc.context.send_activity(self.services.texts("click_unknown", info.lang))
            await self._ask(dc.context, asking)
            return Dialog.end_of_turn
        reading = self.questions.read(key, dc.context.activity.text, clicked)
        if reading.said in (Said.NOT_UNDERSTOOD, Said.TOO_LONG):
            await dc.context.send_activity(self.questions.hint(key, reading, info.lang))
            return Dialog.end_of_turn
        if key != asking.key:  # a card of an earlier question of this round
            return await self._change(dc, asking, key, reading)
        if reading.said is Said.BACK:
            return await self._back(dc, asking)
        said = await self.questions.answered(asking, reading, info)
        await replace_clicked_card(dc.context, self._answered_card(key, reading, info.lang))
        asking.trail.append(asking.position)
        for line in said:
            await dc.context.send_activity(line)
        return await self._advance(dc, asking)

    async def reprompt_dialog(self, context, instance: DialogInstance) -> None:
        await self._ask(context, instance.state[ASKING])

    async def _change(self, dc: DialogContext, asking: Asking, key: str, reading: Reading) -> DialogTurnResult:
        """A click on the card of another question of this round changes that answer; then the open question
        is shown again."""
        info, texts = TurnInfo.of(dc.context), self.services.texts
        if reading.said is Said.ANSWER:
            await self.questions.changed(asking.sheet, key, reading, info)
            await replace_clicked_card(dc.context, self._answered_card(key, reading, info.lang))
            topic, answer = self.questions.title(key, info.lang), self.questions.answer_text(reading, info.lang)
            await dc.context.send_activity(texts("answer_changed", info.lang, topic=topic, answer=answer))
        else:  # "hoppa över" or "tillbaka" on an old card: nothing to change
            await dc.context.send_activity(texts("click_expired", info.lang))
        await self._ask(dc.context, asking)
        return Dialog.end_of_turn

    async def _advance(self, dc: DialogContext, asking: Asking) -> DialogTurnResult:
        position = next((p for p in range(asking.position + 1, len(asking.keys))
                         if asking.keys[p] not in asking.skip), None)
        if position is None:
            return await dc.end_dialog(True)  # the whole round has been gone through
        asking.position = position
        await self._ask(dc.context, asking)
        return Dialog.end_of_turn

    async def _back(self, dc: DialogContext, asking: Asking) -> DialogTurnResult:
        if not asking.trail:
            await dc.context.send_activity(self.services.texts("back_at_start", TurnInfo.of(dc.context).lang))
            return Dialog.end_of_turn
        asking.position = asking.trail.pop()
        await self._ask(dc.context, asking, again=True)
        return Dialog.end_of_turn

    async def _ask(self, context, asking: Asking, again: bool = False) -> None:
        card = await self.questions.card(asking, TurnInfo.of(context).lang, again)
        await context.send_activity(aimed(card, asking.target, **{self.questions.key_field: asking.key}))

    def _answered_card(self, key: str, reading: Reading, lang: str) -> Activity:
        answer = self.services.texts("answered_card", lang, answer=self.questions.answer_text(reading, lang))
        return answered_card(self.questions.title(key, lang), answer, reading.comment)
