"""`radera organisation` / `delete organisation`: an administrator deletes the organisation and
everything stored about it, after typing its name: `radera organisation Falu kommun`."""
from __future__ import annotations

import logging

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.replies import words
from dialogs.context import FeatureOptions, Services, TurnInfo

logger = logging.getLogger(__name__)
COMMAND = {"sv": "radera organisation", "en": "delete organisation"}


class DeleteOrganisationDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DeleteOrganisationDialog.__name__)
        self.services = services
        self.add_dialog(WaterfallDialog("steps", [self.act_step]))
        self.initial_dialog_id = "steps"

    async def act_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts, database = TurnInfo.of(step.context), self.services.texts, self.services.database
        organisation = await database.organisations.get(info.tenant_id, options.organisation_id)
        me = await database.organisations.member(organisation.id, info.user_id)
        confirm = f"{COMMAND[info.lang]} {organisation.name}"
        if me is None or me.role != "admin":
            await step.context.send_activity(texts("delete_admins_only", info.lang, name=organisation.name))
        elif not options.words:
            await step.context.send_activity(texts("delete_what", info.lang, name=organisation.name, command=confirm))
        elif list(options.words) != words(organisation.name):
            await step.context.send_activity(texts("delete_name_wrong", info.lang, name=organisation.name,
                                                   command=confirm))
        else:
            await database.erasure.delete_organisation(info.tenant_id, organisation.id)
            logger.info("Deleted organisation %s at an administrator's request", organisation.id)
            await step.context.send_activity(texts("delete_done", info.lang, name=organisation.name))
        return await step.end_dialog()
