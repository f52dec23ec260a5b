"""Which dialogs are open, from the outermost to the one that reads this turn's input.

ComponentDialogs keep their children's stack in their own state, and Python's botbuilder offers no child
context, so this is the one place that follows those stacks.
"""
from __future__ import annotations

from botbuilder.dialogs import DialogContext, DialogInstance


def open_dialogs(dc: DialogContext) -> list[DialogInstance]:
    """The active dialog and, inside each component dialog, its active child: outermost first."""
    found: list[DialogInstance] = []
    instance = dc.active_dialog
    while instance is not None:
        found.append(instance)
        stack = instance.state["dialogs"].dialog_stack if "dialogs" in instance.state else []
        instance = stack[0] if stack else None
    return found


def innermost(dc: DialogContext) -> DialogInstance | None:
    """The dialog that will read this turn's input, if any is open."""
    found = open_dialogs(dc)
    return found[-1] if found else None


def is_open(dc: DialogContext, dialog_id: str) -> bool:
    return any(instance.id == dialog_id for instance in open_dialogs(dc))
