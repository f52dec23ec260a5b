"""`samverkan` / `collaboration`: a joint procurement board and its member organisations, in any tenants.

`samverkan` shows the board (every member's levels and the annex 2 indicators summed), `samverkan
rapport` a link to its report page, `samverkan medlemmar` the members and who joined and left when.
Administrators of an organisation create one (`samverkan ny NAMN`), join one with a code after seeing
what is shared (`samverkan gå med KOD`) and leave (`samverkan lämna`); the board's administrator invites
(`samverkan bjud in`) and removes (`samverkan ta bort NAMN`). An administrator of a member may share its
details too, after a card that lists them (`samverkan dela detaljer`), and stop at once (`samverkan sluta
dela detaljer`). An organisation in several collaborations
names the one it means: `samverkan rapport Upphandlingscenter X`.
"""
from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.clicks import click
from dialogs.collaboration import board, details, joining, leaving
from dialogs.collaboration.words import (CANCEL, INVITE, JOIN, LEAVE, MEMBERS, NEW, REMOVE, REPORT, SHARE_DETAILS,
                                         STOP_DETAILS, CollaborationWords)
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.replies import words
from services.collaborations import Collaboration


class CollaborationDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(CollaborationDialog.__name__)
        self.services = services
        self.words = CollaborationWords(services.texts)
        self.add_dialog(WaterfallDialog("steps", [self.act_step]))
        self.initial_dialog_id = "steps"

    async def act_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, context = TurnInfo.of(step.context), step.context
        action, rest = self.words.action_of(options.words)
        confirmed, rest = self.words.confirmed(rest)
        if action == NEW:
            await joining.create(context, self.services, info, rest)
        elif action == JOIN:
            await joining.join(context, self.services, info, rest, confirmed)
        elif action == CANCEL:
            await joining.cancel(context, self.services, info)
        else:
            collaboration = await self._chosen(context, info, [] if action == REMOVE else rest)
            if collaboration is None:
                return await step.end_dialog()
            if action is None:
                await board.show(context, self.services, info, collaboration)
            elif action == REPORT:
                await board.report(context, self.services, info, collaboration)
            elif action == MEMBERS:
                await board.members(context, self.services, info, collaboration)
            elif action == INVITE:
                await joining.invite(context, self.services, info, collaboration)
            elif action == SHARE_DETAILS:
                await details.share(context, self.services, info, collaboration, confirmed)
            elif action == STOP_DETAILS:
                await details.stop(context, self.services, info, collaboration)
            elif action == LEAVE:
                await leaving.leave(context, self.services, info, collaboration, confirmed)
            else:
                await leaving.remove(context, self.services, info, collaboration, rest)
        return await step.end_dialog()

    async def _chosen(self, context: TurnContext, info: TurnInfo, rest: list[str]) -> Collaboration | None:
        """The collaboration meant: a button's, the only one, or the one named; None after saying why not."""
        texts, organisation = self.services.texts, info.organisation
        mine = await self.services.collaborations.of(organisation)
        clicked = (click(context) or {}).get("collaboration")
        found = [c for c in mine if c.id == clicked] if clicked else [c for c in mine if words(c.name) == rest]
        if len(found) == 1:
            return found[0]
        if len(mine) == 1 and not clicked:
            return mine[0]
        if not mine or clicked:
            await context.send_activity(texts("collaboration_none", info.lang, org=organisation.name))
        else:
            await context.send_activity(texts("collaboration_which", info.lang, org=organisation.name,
                                              names=", ".join(c.name for c in mine), example=mine[0].name))
        return None
