"""Typed workshop commands, answered at once: `fortsätt workshop` (the open question's card again, also after a
pause on another day), `ta över workshop` (an administrator leads from now on) and `avsluta workshop`."""
from __future__ import annotations

from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult

from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.replies import Command
from dialogs.workshop.desk import WorkshopDesk
from dialogs.workshop.view import WorkshopView
from services.workshops import Clicked


class WorkshopControlDialog(Dialog):
    def __init__(self, services: Services) -> None:
        super().__init__(WorkshopControlDialog.__name__)
        self.services, self.view, self.desk = services, WorkshopView(services), WorkshopDesk(services)

    async def begin_dialog(self, dc: DialogContext, options: FeatureOptions = None) -> DialogTurnResult:
        info, texts, workshops = TurnInfo.of(dc.context), self.services.texts, self.services.workshops
        current = None if info.personal else await workshops.current(info.speaker)
        if current is None:
            await dc.context.send_activity(texts("ws_none", info.lang))
            return await dc.end_dialog()
        command = Command(options.command)
        if command is Command.RESUME_WORKSHOP:
            workshop = await workshops.resume(info.speaker)
            await dc.context.send_activity(await self.view.question(workshop))
        elif command is Command.TAKE_OVER_WORKSHOP:
            result, workshop = await workshops.take_over(info.speaker)
            key = "ws_taken_over" if result is Clicked.DONE else "ws_take_over_refused"
            await dc.context.send_activity(texts(key, info.lang, name=info.user_name, leader=current.led_by_name))
            if result is Clicked.DONE:
                await dc.context.send_activity(await self.view.question(workshop))
        else:
            result, workshop = await workshops.end(info.speaker, current)
            if result is Clicked.DONE:
                await self.desk.go_on(dc.context, workshop)
            else:
                await dc.context.send_activity(texts("ws_refused_leader", info.lang, name=info.user_name,
                                                     leader=current.led_by_name))
        return await dc.end_dialog()
