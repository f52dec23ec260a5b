"""A turn's state: the user's profile and this user's dialog stack in this conversation.

Both are read with one storage call and written back only when they changed: each is encoded once, when
the turn ends, and compared with the document as it was stored. botbuilder's UserState/
PrivateConversationState read each scope separately and hash every state with jsonpickle three times a
turn; for an answer that was most of the turn's CPU.
"""
from __future__ import annotations

from typing import Any, Callable

from botbuilder.core import StatePropertyAccessor, TurnContext
from botbuilder.schema import Activity

from bot.state_codec import encode
from bot.state_storage import StateStorage
from dialogs.context import FORGOTTEN

LOADED = "dala.turn_state"


def user_key(activity: Activity) -> str:
    return f"{activity.channel_id}/users/{activity.from_property.id}"


def dialog_key(activity: Activity) -> str:
    """The dialog stack is per user and conversation: colleagues in one channel each keep their place."""
    return f"{activity.channel_id}/conversations/{activity.conversation.id}/users/{activity.from_property.id}"


class TurnStates:
    def __init__(self, storage: StateStorage) -> None:
        self._storage = storage

    @staticmethod
    def keys(context: TurnContext) -> tuple[str, str]:
        return user_key(context.activity), dialog_key(context.activity)

    async def load(self, context: TurnContext) -> None:
        keys = self.keys(context)
        stored = await self._storage.read_with_documents(keys)
        documents = {key: stored[key][0] if key in stored else {} for key in keys}
        as_stored = {key: stored[key][1] if key in stored else {} for key in keys}
        context.turn_state[LOADED] = (documents, as_stored)

    async def save(self, context: TurnContext) -> None:
        documents, as_stored = context.turn_state[LOADED]
        if context.turn_state.get(FORGOTTEN):
            await self._storage.delete(list(documents))
            return
        for key, item in documents.items():
            encoded = encode({name: value for name, value in item.items() if name != "e_tag"})
            if encoded != as_stored[key]:
                await self._storage.write_document(item, key, encoded)

    def user_property(self, name: str) -> StatePropertyAccessor:
        return _Property(name, user=True)

    def dialog_property(self, name: str) -> StatePropertyAccessor:
        return _Property(name, user=False)


class _Property(StatePropertyAccessor):
    def __init__(self, name: str, user: bool) -> None:
        self._name, self._index = name, 0 if user else 1

    def _document(self, context: TurnContext) -> dict:
        documents, _ = context.turn_state[LOADED]
        return documents[TurnStates.keys(context)[self._index]]

    async def get(self, turn_context: TurnContext, default_value_or_factory: Callable | Any = None) -> Any:
        document = self._document(turn_context)
        if self._name not in document and default_value_or_factory is not None:
            default = default_value_or_factory
            document[self._name] = default() if callable(default) else default
        return document.get(self._name)

    async def set(self, turn_context: TurnContext, value: Any) -> None:
        self._document(turn_context)[self._name] = value

    async def delete(self, turn_context: TurnContext) -> None:
        self._document(turn_context).pop(self._name, None)
