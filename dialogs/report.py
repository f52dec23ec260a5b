"""`rapport`: a link to the printable report. `rapport jämför på|av`: take part in the anonymous
comparison with organisations of the same kind, or leave it (administrators only). `rapport återkalla`:
every link to the organisation's report stops working (administrators only)."""
from __future__ import annotations

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo
from services.membership import NotAdmin
from services.reports import ReportSharing
from texts.markdown import Markdown

ON, OFF = "on", "off"


class ReportDialog(ComponentDialog):
    def __init__(self, services: Services, sharing: ReportSharing) -> None:
        super().__init__(ReportDialog.__name__)
        self.services, self.sharing = services, sharing
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(WaterfallDialog("steps", [self.route_step, self.comparison_step]))
        self.initial_dialog_id = "steps"

    async def route_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts, membership = TurnInfo.of(step.context), self.services.texts, self.services.membership
        organisation, words = info.organisation, tuple(options.words)
        if not words:
            url = Markdown(await self.sharing.link(info.speaker, organisation, info.lang))  # ours: a working link
            await step.context.send_activity(texts("report_link", info.lang, name=organisation.name, url=url))
            return await step.end_dialog()
        revoke = words in texts.phrases("report_revoke_words")
        compare = (words[0],) in texts.phrases("report_compare_words")
        switch = self._switch(words[1:])
        if not (revoke or compare and (len(words) == 1 or switch)):
            await step.context.send_activity(texts("report_words_unknown", info.lang))
            return await step.end_dialog()
        if not await membership.is_admin(info.speaker, organisation.id):
            key = "report_revoke_admin_only" if revoke else "report_comparison_admin_only"
            await step.context.send_activity(texts(key, info.lang, name=organisation.name))
            return await step.end_dialog()
        if revoke:
            await self.sharing.revoke_links(info.speaker, organisation.id)
            await step.context.send_activity(texts("report_revoked_all", info.lang, name=organisation.name))
            return await step.end_dialog()
        if switch:
            return await step.next(switch)
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("report_ask_comparison", info.lang),
            [(ON, texts("report_comparison_yes", info.lang)), (OFF, texts("report_comparison_no", info.lang))]))

    async def comparison_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        organisation = await self.services.membership.organisation(info.speaker, options.organisation_id)
        try:
            await self.sharing.set_comparison(info.speaker, organisation.id, step.result == ON)
        except NotAdmin:  # the role was lost while the question was open
            await step.context.send_activity(texts("report_comparison_admin_only", info.lang, name=organisation.name))
            return await step.end_dialog()
        key = "report_comparison_on" if step.result == ON else "report_comparison_off_done"
        await step.context.send_activity(texts(key, info.lang, name=organisation.name))
        return await step.end_dialog()

    def _switch(self, words: tuple[str, ...]) -> str | None:
        """ON for "på", OFF for "av" (after "jämför"), else None."""
        texts = self.services.texts
        return ON if words in texts.phrases("report_on_words") else OFF if words in texts.phrases(
            "report_off_words") else None
