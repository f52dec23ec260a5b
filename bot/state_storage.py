"""botbuilder's `Storage` over the database, so conversation and user state survive restarts and
are shared by every instance of the bot."""
from __future__ import annotations

import logging
from typing import Any, Dict, Iterable

from botbuilder.core import Storage

from storage import DocumentStore
from bot.state_codec import decode, encode

logger = logging.getLogger(__name__)


class StateStorage(Storage):
    """State holds botbuilder objects (dialog stacks, prompt options with activities); `bot.state_codec`
    writes them as plain JSON and restores only classes of the bot and of botbuilder's schema."""

    def __init__(self, documents: DocumentStore) -> None:
        super().__init__()
        self._documents = documents

    async def read(self, keys: Iterable[str]) -> Dict[str, Any]:
        items = {}
        for key, (document, etag) in (await self._documents.read(list(keys))).items():
            items[key] = _decoded(key, document)
            _set_etag(items[key], etag)
        return items

    async def read_with_documents(self, keys: Iterable[str]) -> Dict[str, tuple[Any, dict]]:
        """Each item as `read` gives it, with its document as stored less its etag: whoever keeps both can
        tell whether the item changed by encoding it once, when it is saved (`write_document`)."""
        items = {}
        for key, (document, etag) in (await self._documents.read(list(keys))).items():
            item = _decoded(key, document)
            _set_etag(item, etag)
            items[key] = (item, without_etag(document))
        return items

    async def write_document(self, item: Any, key: str, document: dict) -> None:
        """Writes `document`, the item encoded already (without its etag), and gives the item its new etag."""
        etag = item.get("e_tag") if isinstance(item, dict) else getattr(item, "e_tag", None)
        _set_etag(item, await self._documents.write(key, document, etag))

    async def write(self, changes: Dict[str, Any]) -> None:
        for key, item in changes.items():
            etag = item.get("e_tag") if isinstance(item, dict) else getattr(item, "e_tag", None)
            new_etag = await self._documents.write(key, encode(item), etag)
            # The caller keeps the item; with the new etag a second save in the same turn is not a conflict.
            _set_etag(item, new_etag)

    async def delete(self, keys: Iterable[str]) -> None:
        await self._documents.delete(list(keys))


def without_etag(document: Any) -> Any:
    """The etag lives in the row; one kept inside a document (as older versions wrote them) is left out."""
    if isinstance(document, dict) and "e_tag" in document:
        return {key: value for key, value in document.items() if key != "e_tag"}
    return document


def _decoded(key: str, document: dict) -> Any:
    """State written by an older version may name a dialog class that has since moved or changed. Such a
    conversation starts afresh rather than failing every turn: its answers are in the database, and
    `fortsätt` finds the first unanswered question."""
    try:
        return decode(document)
    except (ValueError, TypeError, KeyError, AttributeError, ImportError) as error:
        logger.warning("Dropped unreadable conversation state %s: %s: %s", key, type(error).__name__, error)
        return {}


def _set_etag(item: Any, etag: str) -> None:
    if isinstance(item, dict):
        item["e_tag"] = etag
    else:
        item.e_tag = etag
