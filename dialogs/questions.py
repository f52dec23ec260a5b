"""Asks the model's rows one by one and saves each answer the moment it is given.

A custom Dialog rather than a waterfall with prompts: the state per turn is a few keys and
numbers, and the card is rebuilt from the model instead of being stored with the dialog.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from botbuilder.dialogs import Dialog, DialogContext, DialogInstance, DialogTurnResult

from bot.cards import answered_card, question_card
from dialogs.clicks import TARGET, click, new_target, replace_clicked_card
from dialogs.replies import Reply, ReplyKind, parse_answer
from dialogs.context import Services, TurnInfo
from model.scoring import NOT_APPLICABLE, score
from model.types import CRISIS_CELL, Row


@dataclass
class LoopState:
    organisation_id: str
    keys: list[str]  # the scope's rows in model order
    skip: list[str] = field(default_factory=list)  # rows already answered, not asked again
    position: int = -1
    trail: list[int] = field(default_factory=list)  # positions answered or skipped, for "tillbaka"
    assessment_id: int | None = None  # None: rows asked again outside an assessment (a plan item done)
    target: str = ""  # what the loop's cards answer to (dialogs/clicks.py)

    to_dict = asdict

    @classmethod
    def from_dict(cls, data: dict) -> "LoopState":
        return cls(**data)


class QuestionLoopDialog(Dialog):
    def __init__(self, services: Services) -> None:
        super().__init__(QuestionLoopDialog.__name__)
        self.services = services

    async def begin_dialog(self, dc: DialogContext, options: LoopState = None) -> DialogTurnResult:
        # The same assessment resumed later takes clicks on its old cards; rows asked outside one, only its own.
        options.target = f"assessment:{options.assessment_id}" if options.assessment_id else new_target("rows")
        dc.active_dialog.state[TARGET] = options.target
        return await self._advance(dc, options)

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        state = LoopState.from_dict(dc.active_dialog.state["loop"])
        info, texts = TurnInfo.of(dc.context), self.services.texts
        clicked = click(dc.context)
        reply = parse_answer(dc.context.activity.text, clicked)
        if reply.kind in (ReplyKind.INVALID, ReplyKind.TOO_LONG):
            problem = "comment_too_long" if reply.kind is ReplyKind.TOO_LONG else "answer_invalid"
            await dc.context.send_activity(f"{texts(problem, info.lang)} {texts('answer_hint', info.lang)}")
            return Dialog.end_of_turn
        if clicked is not None and clicked.get("row") != state.keys[state.position]:
            # A card of an earlier question of this loop (the central check in MainDialog saw to that).
            return await self._change(dc, state, clicked.get("row"), reply)
        if reply.kind is ReplyKind.BACK:
            return await self._back(dc, state)
        row = self.services.model.row(state.keys[state.position])
        if reply.kind is not ReplyKind.SKIP:
            await self._record(dc, state, row.key, reply)
        await replace_clicked_card(dc.context, self._answered(row, reply, info.lang))
        state.trail.append(state.position)
        await self._cell_feedback(dc, state, row)
        return await self._advance(dc, state)

    async def reprompt_dialog(self, context, instance: DialogInstance) -> None:
        await self._ask(context, LoopState.from_dict(instance.state["loop"]), current=None)

    async def _change(self, dc: DialogContext, state: LoopState, key: object, reply: Reply) -> DialogTurnResult:
        """A click on the card of another row of this loop changes that row's answer; then the open
        question is shown again."""
        texts, lang = self.services.texts, TurnInfo.of(dc.context).lang
        if key not in state.keys:
            await dc.context.send_activity(texts("click_unknown", lang))
        elif reply.kind in (ReplyKind.LEVEL, ReplyKind.NOT_APPLICABLE):
            row = self.services.model.row(key)
            await self._record(dc, state, row.key, reply)
            await replace_clicked_card(dc.context, self._answered(row, reply, lang))
            await dc.context.send_activity(texts("answer_changed", lang, topic=row.topic(lang),
                                                 answer=self._answer_text(reply, lang)))
        else:  # "hoppa över" or "tillbaka" on an old card: nothing to change
            await dc.context.send_activity(texts("click_expired", lang))
        await self._ask(dc.context, state, current=None)
        return Dialog.end_of_turn

    async def _record(self, dc: DialogContext, state: LoopState, key: str, reply: Reply) -> None:
        info = TurnInfo.of(dc.context)
        value = NOT_APPLICABLE if reply.kind is ReplyKind.NOT_APPLICABLE else reply.level
        await self.services.database.answers.record(
            state.organisation_id, key, value, reply.comment, info.user_id, info.user_name, self.services.clock(),
            state.assessment_id)

    def _answer_text(self, reply: Reply, lang: str) -> str:
        texts = self.services.texts
        if reply.kind is ReplyKind.SKIP:
            return texts("option_skip", lang)
        return texts.level(self.services.model, reply.level, lang, reply.kind is ReplyKind.NOT_APPLICABLE)

    def _answered(self, row: Row, reply: Reply, lang: str):
        answer = self.services.texts("answered_card", lang, answer=self._answer_text(reply, lang))
        return answered_card(row.topic(lang), answer, reply.comment)

    async def _advance(self, dc: DialogContext, state: LoopState) -> DialogTurnResult:
        state.position = next(
            (p for p in range(state.position + 1, len(state.keys)) if state.keys[p] not in state.skip), None)
        if state.position is None:
            return await dc.end_dialog(True)  # the whole scope has been gone through
        dc.active_dialog.state["loop"] = state.to_dict()
        await self._ask(dc.context, state, current=None)
        return Dialog.end_of_turn

    async def _back(self, dc: DialogContext, state: LoopState) -> DialogTurnResult:
        info = TurnInfo.of(dc.context)
        if not state.trail:
            await dc.context.send_activity(self.services.texts("back_at_start", info.lang))
            return Dialog.end_of_turn
        state.position = state.trail.pop()
        dc.active_dialog.state["loop"] = state.to_dict()
        key = state.keys[state.position]
        current = (await self.services.database.answers.current(state.organisation_id, [key])).get(key)
        await self._ask(dc.context, state, current=current.value if current else None)
        return Dialog.end_of_turn

    async def _ask(self, context, state: LoopState, current: int | str | None) -> None:
        texts, model, lang = self.services.texts, self.services.model, TurnInfo.of(context).lang
        row = model.row(state.keys[state.position])
        number, total = state.position + 1, len(state.keys)
        if row.step is None:
            progress = texts("progress_crisis", lang, number=number, total=total)
        else:
            progress = texts("progress", lang, step=row.step, number=number, total=total,
                             perspective=model.perspective(row.perspective).name(lang))
        shown = None
        if current is not None:
            shown = texts("current_answer", lang, answer=texts.level(model, None if current == NOT_APPLICABLE
                                                                     else current, lang, current == NOT_APPLICABLE))
        await context.send_activity(question_card(
            progress, row.topic(lang), row.question(lang), [rung.practice(lang) for rung in row.rungs],
            self._choices(state.target, row.key, lang), texts("comment_label", lang), shown))

    def _choices(self, target: str, key: str, lang: str) -> list[tuple[dict, str]]:
        texts = self.services.texts
        answers = [(str(n), texts("option_level", lang, level=n)) for n in (1, 2, 3)] + [
            ("0", texts("option_none", lang)), ("na", texts("option_na", lang)),
            ("skip", texts("option_skip", lang)), ("back", texts("option_back", lang))]
        return [({"answer": answer, "row": key, TARGET: target}, label) for answer, label in answers] + [
            ({"command": "paus"}, texts("option_pause", lang))]

    async def _cell_feedback(self, dc: DialogContext, state: LoopState, row: Row) -> None:
        """One line when the last row of a cell in this scope has been passed."""
        following = state.keys[state.position + 1] if state.position + 1 < len(state.keys) else None
        if following is not None and self.services.model.row(following).cell == row.cell:
            return
        model, texts, lang = self.services.model, self.services.texts, TurnInfo.of(dc.context).lang
        cell_keys = [r.key for r in model.cells[row.cell]]
        current = await self.services.database.answers.current(state.organisation_id, cell_keys)
        answers = {key: a.value for key, a in current.items()}
        result = score(model, answers)
        standing = result.crisis if row.cell == CRISIS_CELL else result.cells[row.cell]
        level = texts.level(model, standing.level, lang, standing.complete and standing.level is None)
        if row.step is None:
            line = texts("summary_crisis", lang, level=level)
        else:
            line = texts("cell_done", lang, step=row.step, level=level,
                         perspective=model.perspective(row.perspective).name(lang))
        await dc.context.send_activity(line)
