"""`radera organisation` / `delete organisation`: an administrator deletes the organisation and
everything stored about it, after typing its name: `radera organisation Falu kommun`."""
from __future__ import annotations

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.replies import words


class DeleteOrganisationDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DeleteOrganisationDialog.__name__)
        self.services = services
        self.add_dialog(WaterfallDialog("steps", [self.act_step]))
        self.initial_dialog_id = "steps"

    async def act_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts, membership = TurnInfo.of(step.context), self.services.texts, self.services.membership
        organisation = info.organisation
        confirm = texts.plain("delete_command", info.lang, name=organisation.name)
        if not await membership.is_admin(info.speaker, organisation.id):
            await step.context.send_activity(texts("delete_admins_only", info.lang, name=organisation.name))
        elif not options.words:
            await step.context.send_activity(texts("delete_what", info.lang, name=organisation.name, command=confirm))
        elif list(options.words) != words(organisation.name):
            await step.context.send_activity(texts("delete_name_wrong", info.lang, name=organisation.name,
                                                   command=confirm))
        else:
            await membership.delete_organisation(info.speaker, organisation.id)
            await step.context.send_activity(texts("delete_done", info.lang, name=organisation.name))
        return await step.end_dialog()
