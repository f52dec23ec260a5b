"""`byt namn på enhet Socialförvaltningen till Vård och omsorg` / `rename unit Social services to Care`: an
administrator renames a unit; its answers, history and grid stay with it."""
from __future__ import annotations

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.units.named import typed_after, unit_named
from services.membership import ADMIN
from services.units import MAX_NAME, DuplicateUnit
from texts.typed import words


class RenameUnitDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(RenameUnitDialog.__name__)
        self.services = services
        self.add_dialog(WaterfallDialog("steps", [self.act_step]))
        self.initial_dialog_id = "steps"

    async def act_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts, membership = TurnInfo.of(step.context), self.services.texts, self.services.membership
        organisation = info.organisation
        if not await membership.is_admin(info.speaker, organisation.id):
            admins = [m.user_name for m in await membership.members(organisation.id) if m.role == ADMIN]
            await step.context.send_activity(texts("units_admins_only", info.lang, admins=", ".join(admins)))
            return await step.end_dialog()
        typed = list(options.words)
        command_words = len(words(step.context.activity.text)) - len(typed)
        # The unit's name ends at the "till"/"to" after which the rest names no unit: "Stöd till företag till X".
        for at in reversed([n for n, word in enumerate(typed) if (word,) in texts.phrases("unit_rename_to")]):
            unit = await unit_named(self.services, organisation.id, typed[:at])
            if unit is not None:
                name = typed_after(step.context, command_words + at + 1)
                await step.context.send_activity(await self._rename(info, organisation.id, unit, name))
                return await step.end_dialog()
        await step.context.send_activity(texts("unit_rename_how", info.lang, name=organisation.name))
        return await step.end_dialog()

    async def _rename(self, info: TurnInfo, organisation_id: str, unit, name: str) -> str:
        texts = self.services.texts
        if not words(name):
            return texts("unit_rename_how", info.lang, name=info.organisation.name)
        if len(name) > MAX_NAME:
            return texts("unit_name_too_long", info.lang, max=MAX_NAME)
        same = [u for u in await self.services.units.list(organisation_id)
                if u.id != unit.id and words(u.name) == words(name)]
        try:
            if same:
                raise DuplicateUnit(name)
            renamed = await self.services.units.rename(info.speaker, organisation_id, unit.id, name)
        except DuplicateUnit:
            return texts("unit_exists", info.lang, name=info.organisation.name, unit=same[0].name if same else name)
        if not renamed:
            return texts("unit_gone", info.lang)
        return texts("unit_renamed", info.lang, unit=unit.name, new=" ".join(name.split()))
