"""`rapport`: a link to the printable report. `rapport jämför på|av`: take part in the anonymous
comparison with organisations of the same kind, or leave it (administrators only). `rapport återkalla`:
every link to the organisation's report stops working (administrators only)."""
from __future__ import annotations

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from texts.markdown import Markdown
from reports.pages import ReportTokens
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo

COMPARE = ("jämför", "jämförelse", "compare", "comparison")
REVOKE = ("återkalla", "revoke")
ON, OFF = "on", "off"
SWITCH_WORDS = {"på": ON, "on": ON, "ja": ON, "yes": ON, "av": OFF, "off": OFF, "nej": OFF, "no": OFF}


class ReportDialog(ComponentDialog):
    def __init__(self, services: Services, tokens: ReportTokens) -> None:
        super().__init__(ReportDialog.__name__)
        self.services, self.tokens = services, tokens
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(WaterfallDialog("steps", [self.route_step, self.comparison_step]))
        self.initial_dialog_id = "steps"

    async def route_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        organisation = await self.services.database.organisations.get(info.tenant_id, options.organisation_id)
        step.values["organisation_id"] = organisation.id
        words, database = list(options.words), self.services.database
        if not words:
            generation = await database.report_links.generation(organisation.id)
            url = Markdown(self.tokens.url(organisation, info.lang, self.services.clock(), made_by=info.user_id,
                                           generation=generation))  # ours: a working link
            await step.context.send_activity(texts("report_link", info.lang, name=organisation.name, url=url))
            return await step.end_dialog()
        revoke = len(words) == 1 and words[0] in REVOKE
        if not revoke and (words[0] not in COMPARE or len(words) > 2
                           or (len(words) == 2 and words[1] not in SWITCH_WORDS)):
            await step.context.send_activity(texts("report_words_unknown", info.lang))
            return await step.end_dialog()
        member = await database.organisations.member(organisation.id, info.user_id)
        if member is None or member.role != "admin":
            key = "report_revoke_admin_only" if revoke else "report_comparison_admin_only"
            await step.context.send_activity(texts(key, info.lang, name=organisation.name))
            return await step.end_dialog()
        if revoke:
            await database.report_links.revoke_all(organisation.id, self.services.clock())
            await step.context.send_activity(texts("report_revoked_all", info.lang, name=organisation.name))
            return await step.end_dialog()
        if len(words) == 2:
            return await step.next(SWITCH_WORDS[words[1]])
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("report_ask_comparison", info.lang),
            [(ON, texts("report_comparison_yes", info.lang)), (OFF, texts("report_comparison_no", info.lang))]))

    async def comparison_step(self, step: WaterfallStepContext):
        info, database = TurnInfo.of(step.context), self.services.database
        organisation = await database.organisations.get(info.tenant_id, step.values["organisation_id"])
        await database.snapshots.set_comparison(organisation.id, step.result == ON, info.user_id, self.services.clock())
        key = "report_comparison_on" if step.result == ON else "report_comparison_off_done"
        await step.context.send_activity(self.services.texts(key, info.lang, name=organisation.name))
        return await step.end_dialog()
