"""`mina snabbkoller`: the organisation's quick checks, newest first; open one to see its checklist
and change answers, one check at a time. Each change is saved when given."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.checkin.checklist import checkin_items, checklist_activity, share_done
from dialogs.checkin.items import ANSWER_TEXTS, CheckinQuestions, CheckinSheet
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.dates import day_in_sweden
from dialogs.questions import Asking, QuestionsDialog
from model.checks import CheckinContent

READY = "ready"  # the choice that ends the changes; typed as its label reads ("klar", "done")


@dataclass
class ChangeOptions:
    organisation_id: str
    checkin_id: int


class CheckListDialog(ComponentDialog):
    def __init__(self, services: Services, content: CheckinContent) -> None:
        super().__init__(CheckListDialog.__name__)
        self.services, self.content = services, content
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(ChangeAnswersDialog(services, content))
        self.add_dialog(WaterfallDialog("steps", [self.list_step, self.open_step]))
        self.initial_dialog_id = "steps"

    async def list_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        checkins = await self.services.checkins.list(options.organisation_id)
        if not checkins:
            await step.context.send_activity(texts("checkin_none", lang))
            return await step.end_dialog()
        choices = []
        for checkin in checkins:
            done, relevant = share_done(self.content, checkin)
            choices.append((str(checkin.id), texts.plain("checkin_list_item", lang, name=checkin.name, done=done,
                                                   total=relevant, date=day_in_sweden(checkin.created_at))))
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(texts("checkin_ask_which", lang), choices))

    async def open_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        checkin = await self.services.checkins.get(options.organisation_id, int(step.result))
        lang = TurnInfo.of(step.context).lang
        await step.context.send_activity(checklist_activity(self.services, self.content, checkin, lang))
        return await step.begin_dialog(ChangeAnswersDialog.__name__, ChangeOptions(options.organisation_id, checkin.id))


class ChangeAnswersDialog(ComponentDialog):
    """Pick a check, answer it again, and back to the list until the user is done."""

    def __init__(self, services: Services, content: CheckinContent) -> None:
        super().__init__(ChangeAnswersDialog.__name__)
        self.services, self.content = services, content
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(QuestionsDialog(services, CheckinQuestions(services, content)))
        self.add_dialog(WaterfallDialog("steps", [self.pick_step, self.change_step, self.again_step]))
        self.initial_dialog_id = "steps"

    async def pick_step(self, step: WaterfallStepContext):
        options: ChangeOptions = step.options
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        checkin = await self.services.checkins.get(options.organisation_id, options.checkin_id)
        choices = [(item.key, texts("checkin_change_item", lang, title=item.title(lang), answer=texts(
            ANSWER_TEXTS[checkin.answers.get(item.key)], lang))) for item in checkin_items(self.content, checkin)]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("checkin_ask_change", lang), choices + [(READY, texts("checkin_change_ready", lang))]))

    async def change_step(self, step: WaterfallStepContext):
        options: ChangeOptions = step.options
        if step.result == READY:
            checkin = await self.services.checkins.get(options.organisation_id, options.checkin_id)
            lang = TurnInfo.of(step.context).lang
            await step.context.send_activity(checklist_activity(self.services, self.content, checkin, lang))
            return await step.end_dialog()
        sheet = CheckinSheet(options.organisation_id, options.checkin_id, changing=True)
        return await step.begin_dialog(CheckinQuestions.__name__, Asking(sheet, [step.result]))

    async def again_step(self, step: WaterfallStepContext):
        return await step.replace_dialog(self.id, step.options)
