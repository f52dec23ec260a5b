"""The one registry of features: what people type, the menu and the help all lead to the same features."""
from __future__ import annotations

import pytest

from bot.cards import card_buttons
from bot.runtime import build_bot
from dialogs.replies import Command, Commands
from model import load_model
from tests.conversation import Chat, create_organisation

MODEL = load_model()


@pytest.fixture
def bot(sqlite_database):
    return build_bot(MODEL, sqlite_database)


def features(bot):
    return bot.main_dialog.features


def test_every_command_is_registered_once_and_every_phrase_routes_to_it(bot):
    assert set(features(bot)) == set(Command)
    for command, feature in features(bot).items():
        phrases = bot.services.texts.phrases(feature.words)
        assert phrases, command
        for phrase in phrases:
            call = bot.commands.parse(" ".join(phrase))
            assert (call.command, call.rest) == (command, []), phrase
            assert bot.commands.parse(" ".join([*phrase, "1"])).rest == ["1"]


async def test_every_command_typed_is_answered_by_its_feature(bot):
    chat = Chat(bot)
    await create_organisation(chat)
    texts = bot.services.texts
    # The menu answers "meny" and "hjälp"; for anything else it would mean the command was not understood.
    not_understood = {texts.plain(key, lang) for key in ("unknown", "menu_title") for lang in ("sv", "en")}
    for command, feature in features(bot).items():
        typed = " ".join(min(texts.phrases(feature.words)))
        reply = await chat.say(typed)
        if command not in (Command.MENU, Command.HELP):
            assert not [text for text in not_understood if text in reply], typed
        await chat.say("avbryt")


def test_a_phrase_for_two_commands_is_refused():
    with pytest.raises(ValueError, match="'plan'"):
        Commands({Command.PLAN: [("plan",)], Command.REPORT: [("rapport",), ("plan",)]})


def test_the_longest_phrase_wins_and_words_are_whole():
    commands = Commands({Command.CANCEL: [("pausa",)], Command.PAUSE_REMINDERS: [("pausa", "påminnelser")]})
    assert commands.parse("Pausa påminnelser till 1 mars").command is Command.PAUSE_REMINDERS
    assert commands.parse("pausa").command is Command.CANCEL
    assert commands.parse("pausat") is None and commands.parse(None) is None


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
async def test_every_menu_button_starts_the_feature_it_names(bot, locale):
    chat = Chat(bot, locale=locale)
    await create_organisation(chat)
    await chat.say("meny")
    lang, texts = "en" if locale.startswith("en") else "sv", bot.services.texts
    buttons = [(title, data["command"]) for activity in chat.replies
               for title, data in card_buttons(activity) if "command" in data]
    listed = [feature for feature in features(bot).values() if feature.menu]
    titles = [title for title, _ in buttons]
    assert titles == [texts.plain(feature.menu, lang) for feature in listed] and len(set(titles)) == len(titles)
    for (title, command), feature in zip(buttons, listed):
        assert bot.commands.parse(command).command is feature.command, title
        reply = await Chat(bot, locale=locale).say(value={"command": command})
        assert texts.plain("unknown", lang) not in reply and texts.plain("menu_title", lang) not in reply, title
        await Chat(bot, locale=locale).say("avbryt")


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
async def test_the_help_names_every_feature_that_explains_itself(bot, locale):
    chat = Chat(bot, locale=locale)
    await create_organisation(chat)
    reply = await chat.say("hjälp")
    lang, texts = "en" if locale.startswith("en") else "sv", bot.services.texts
    helped = [feature.help for feature in features(bot).values() if feature.help]
    for key in helped:
        assert str(texts(key, lang)) in reply, key
    # Every feature with a dialog of its own explains itself, but for those the help's first lines name.
    unexplained = {feature.command for feature in features(bot).values() if feature.dialog and not feature.help}
    assert unexplained == {Command.START, Command.CONTINUE, Command.RESUME_REMINDERS}
