"""The one place dialog tests touch botbuilder's TestAdapter: a person chatting with the real bot."""
from __future__ import annotations

from datetime import datetime

from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, Entity

from bot.cards import card_as_text, card_buttons


class Chat:
    def __init__(self, bot, user_id: str = "anna", name: str = "Anna Berg", conversation_id: str | None = None,
                 tenant_id: str = "tenant-a", conversation_type: str = "personal", locale: str = "sv-SE") -> None:
        self.bot, self.locale = bot, locale
        self.replies: list[Activity] = []  # what the bot sent in the last turn
        self.adapter = TestAdapter(template_or_conversation=Activity(
            channel_id="msteams",
            service_url="https://connector.invalid",
            from_property=ChannelAccount(id=user_id, name=name),
            recipient=ChannelAccount(id="bot", name="Dalabot"),
            conversation=ConversationAccount(id=conversation_id or f"personal-{user_id}", tenant_id=tenant_id,
                                             conversation_type=conversation_type),
        ))

    async def say(self, text: str | None = None, value: dict | None = None, mentions: dict[str, str] | None = None) -> str:
        """Sends one message (typed text or a card submit) and returns the replies as text.
        `mentions`: user id → name of people @mentioned, as Teams marks them in `entities`."""
        self.adapter.activity_buffer.clear()
        entities = [Entity().deserialize({"type": "mention", "mentioned": {"id": user_id, "name": name},
                                          "text": f"<at>{name}</at>"})
                    for user_id, name in (mentions or {}).items()]
        await self.adapter.process_activity(
            Activity(type="message", text=text, value=value, locale=self.locale, entities=entities), self.bot.on_turn)
        self.replies = list(self.adapter.activity_buffer)
        return self._replies()

    async def add_bot(self) -> str:
        """The conversationUpdate Teams sends when someone adds the bot, before they write anything."""
        self.adapter.activity_buffer.clear()
        bot = ChannelAccount(id="bot", name="Dalabot")
        await self.adapter.process_activity(
            Activity(type="conversationUpdate", members_added=[bot], locale=self.locale), self.bot.on_turn)
        self.replies = list(self.adapter.activity_buffer)
        return self._replies()

    def cards(self) -> list[dict]:
        """The cards of the last replies, as sent."""
        return [attachment.content for activity in self.replies for attachment in activity.attachments or []]

    def button(self, title: str, earlier: list[Activity] | None = None) -> dict:
        """The submit data of the button titled `title` (or starting so) in the last replies, or `earlier` ones."""
        buttons = [button for activity in (earlier or self.replies) for button in card_buttons(activity)]
        found = [data for label, data in buttons if label == title] or \
            [data for label, data in buttons if label.startswith(title)]
        assert found, f"no button {title!r} among {[label for label, _ in buttons]}"
        return dict(found[0])

    async def click(self, title: str, earlier: list[Activity] | None = None, **inputs: str) -> str:
        """Clicks a button in the last replies (or in `earlier` ones, a card still on screen), with the card's
        input fields filled in as `inputs`; returns the replies as text."""
        return await self.say(value={**self.button(title, earlier), **inputs})

    def _replies(self) -> str:
        return "\n".join(card_as_text(activity) for activity in self.replies)


class FakeClock:
    """The bot's clock in tests: stands still until a test moves `now`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def create_organisation(chat: Chat, name: str = "Falu kommun") -> None:
    """First contact: greet, name a new organisation, choose the first kind (kommun)."""
    await chat.say("hej")
    await chat.say(name)
    await chat.say("1")
