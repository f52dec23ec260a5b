"""Which dialogs are open, followed through component dialogs' own stacks (dialogs/stack.py)."""
from botbuilder.core import ConversationState, MemoryStorage, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import ComponentDialog, DialogSet, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, TextPrompt
from botbuilder.schema import Activity

from dialogs.stack import innermost, is_open, open_dialogs


class Inner(ComponentDialog):
    def __init__(self) -> None:
        super().__init__("Inner")
        self.add_dialog(TextPrompt("name"))
        self.add_dialog(WaterfallDialog("ask", [self.ask]))
        self.initial_dialog_id = "ask"

    async def ask(self, step: WaterfallStepContext):
        return await step.prompt("name", PromptOptions(prompt=Activity(type="message", text="Vad heter ni?")))


class Outer(ComponentDialog):
    def __init__(self) -> None:
        super().__init__("Outer")
        self.add_dialog(Inner())
        self.add_dialog(WaterfallDialog("start", [self.start]))
        self.initial_dialog_id = "start"

    async def start(self, step: WaterfallStepContext):
        return await step.begin_dialog("Inner")


async def test_the_open_dialogs_run_from_the_outermost_to_the_prompt_waiting_for_input():
    state = ConversationState(MemoryStorage())
    dialogs = DialogSet(state.create_property("dialogs"))
    dialogs.add(Outer())
    seen = {}

    async def turn(context: TurnContext) -> None:
        dc = await dialogs.create_context(context)
        seen["before"] = [instance.id for instance in open_dialogs(dc)]
        if dc.active_dialog is None:
            await dc.begin_dialog("Outer")
        seen["after"] = [instance.id for instance in open_dialogs(dc)]
        seen["innermost"] = innermost(dc).id
        seen["inner open"] = is_open(dc, "Inner")
        await state.save_changes(context)

    adapter = TestAdapter(turn)
    await adapter.send("hej")
    assert seen == {"before": [], "after": ["Outer", "Inner", "name"], "innermost": "name", "inner open": True}
