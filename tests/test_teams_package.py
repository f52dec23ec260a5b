"""The Teams app package: it passes Microsoft's published schemas, and every command it offers works."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, Draft6Validator, validators
from PIL import Image
from referencing import Registry, Resource

from bot.runtime import build_bot
from dialogs.replies import Command
from model import load_model
from teams.build_package import (
    LOCALIZATION_SCHEMA_URL,
    SCHEMA_URL,
    ZERO_GUID,
    PackageSettings,
    build_package,
    main,
)

SCHEMAS = Path(__file__).resolve().parent / "schemas"
MANIFEST_SCHEMA = "MicrosoftTeams.schema.v1.29.json"
LOCALIZATION_SCHEMA = "MicrosoftTeams.Localization.schema.json"
APP_ID = "6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6"
SCOPES = ["personal", "team", "groupChat"]
MENU = [Command.HELP, Command.START, Command.CONTINUE, Command.STATUS, Command.QUICK_CHECK,
        Command.CRISIS, Command.PLAN, Command.REPORT, Command.SWITCH, Command.LANGUAGE]

# The schemas declare draft-04 but pin manifestVersion with draft-06 "const", which a plain
# Draft4Validator silently skips.
TeamsValidator = validators.extend(Draft4Validator, {"const": Draft6Validator.VALIDATORS["const"]})


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def _refuse_remote(uri: str):
    pytest.fail(f"The schema refers to {uri}, which is not in {SCHEMAS}; validation must run offline.")


def _validator(name: str) -> Draft4Validator:
    """Validates offline: the schemas' published addresses resolve to the local files, nothing else does."""
    local = {SCHEMA_URL: MANIFEST_SCHEMA, LOCALIZATION_SCHEMA_URL: LOCALIZATION_SCHEMA}
    registry = Registry(retrieve=_refuse_remote).with_resources(
        (url, Resource.from_contents(_schema(file))) for url, file in local.items())
    return TeamsValidator(_schema(name), registry=registry)


def _problems(validator: Draft4Validator, document: dict) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in sorted(validator.iter_errors(document), key=str)]


@pytest.fixture
def package(tmp_path) -> zipfile.ZipFile:
    with zipfile.ZipFile(build_package(PackageSettings(APP_ID, "bot.kommun.example"), tmp_path)) as archive:
        yield archive


def _json(archive: zipfile.ZipFile, name: str) -> dict:
    return json.loads(archive.read(name).decode("utf-8"))


def test_manifest_passes_the_teams_schema(package):
    manifest = _json(package, "manifest.json")

    assert _problems(_validator(MANIFEST_SCHEMA), manifest) == []
    assert manifest["manifestVersion"] == "1.29"
    assert manifest["localizationInfo"] == {
        "defaultLanguageTag": "sv", "additionalLanguages": [{"languageTag": "en", "file": "en.json"}]}
    assert manifest["bots"][0]["scopes"] == SCOPES


@pytest.mark.parametrize("path, broken", [
    (("manifestVersion",), "1.28"),
    (("bots", 0, "botId"), "not-a-guid"),
    (("name", "short"), "Upphandlingskompassen för hela Sverige"),
], ids=["older manifest version", "bot id not a GUID", "short name over 30 characters"])
def test_the_schema_check_catches_a_broken_manifest(package, path, broken):
    manifest = _json(package, "manifest.json")
    *parents, last = path
    target = manifest
    for key in parents:
        target = target[key]
    target[last] = broken

    assert _problems(_validator(MANIFEST_SCHEMA), manifest) != []


def test_english_strings_pass_the_localization_schema(package):
    english = _json(package, "en.json")

    assert _problems(_validator(LOCALIZATION_SCHEMA), english) == []
    assert english["name.short"] == "Procurement Compass"


def test_package_holds_exactly_the_files_teams_needs(package):
    assert sorted(package.namelist()) == ["color.png", "en.json", "manifest.json", "outline.png"]


def test_colour_icon_is_192_pixels_and_full_bleed(package):
    with Image.open(package.open("color.png")) as icon:
        assert icon.size == (192, 192)
        assert icon.convert("RGBA").getchannel("A").getextrema() == (255, 255)


def test_outline_icon_is_32_pixels_white_on_transparent(package):
    with Image.open(package.open("outline.png")) as icon:
        assert icon.size == (32, 32)
        data = icon.convert("RGBA").tobytes()
    pixels = [tuple(data[i:i + 4]) for i in range(0, len(data), 4)]
    assert all(alpha == 0 or (red, green, blue) == (255, 255, 255) for red, green, blue, alpha in pixels)
    assert sum(alpha == 255 for *_, alpha in pixels) > 100, "the outline icon shows a shape"


def _titles(package: zipfile.ZipFile) -> dict[str, list[list[str]]]:
    """Command titles per language, one list per command list, as Teams shows them."""
    manifest, english = _json(package, "manifest.json"), _json(package, "en.json")
    lists = manifest["bots"][0]["commandLists"]
    return {
        "sv": [[command["title"] for command in lst["commands"]] for lst in lists],
        "en": [[english[f"bots[0].commandLists[{i}].commands[{j}].title"] for j in range(len(lst["commands"]))]
               for i, lst in enumerate(lists)],
    }


@pytest.mark.parametrize("lang", ["sv", "en"])
async def test_every_command_title_is_a_command_the_bot_understands(package, lang, sqlite_database):
    commands = build_bot(load_model(), sqlite_database).commands
    for titles in _titles(package)[lang]:
        calls = [commands.parse(title) for title in titles]
        assert [call and call.command for call in calls] == MENU, titles
        assert all(call.rest == [] for call in calls), titles


def test_command_lists_keep_within_what_teams_shows(package):
    """The schema allows more; Teams shows at most 10 commands, titles of 32 and descriptions of 128 characters."""
    manifest, english = _json(package, "manifest.json"), _json(package, "en.json")
    lists = manifest["bots"][0]["commandLists"]
    described = [key for key in english if key.endswith(".description")]

    assert [lst["scopes"] for lst in lists] == [[scope] for scope in SCOPES]
    assert all(len(lst["commands"]) <= 10 for lst in lists)
    assert all(len(title) <= 32 for language in _titles(package).values() for titles in language for title in titles)
    assert all(len(command["description"]) <= 128 for lst in lists for command in lst["commands"])
    assert len(described) == sum(len(lst["commands"]) for lst in lists)
    assert all(len(english[key]) <= 128 for key in described)


def test_app_id_and_domain_come_from_the_environment(tmp_path):
    settings = PackageSettings.from_env({"MicrosoftAppId": APP_ID, "BOT_DOMAIN": "https://bot.kommun.example/"})
    with zipfile.ZipFile(build_package(settings, tmp_path)) as archive:
        manifest = _json(archive, "manifest.json")

    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert manifest["validDomains"] == ["bot.kommun.example"]
    assert manifest["developer"]["privacyUrl"] == "https://bot.kommun.example/privacy"
    assert manifest["developer"]["termsOfUseUrl"] == "https://bot.kommun.example/terms"


def test_without_an_app_id_the_build_warns_and_uses_the_zero_id(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("MicrosoftAppId", raising=False)
    monkeypatch.delenv("BOT_DOMAIN", raising=False)

    main([str(tmp_path)])

    warnings = capsys.readouterr().err
    assert "MicrosoftAppId is not set" in warnings and "BOT_DOMAIN is not set" in warnings
    manifest = json.loads((tmp_path / "teams" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["bots"][0]["botId"] == ZERO_GUID
    assert manifest["developer"]["privacyUrl"] == "https://example.invalid/privacy"


def test_a_malformed_app_id_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("MicrosoftAppId", "my-bot")

    with pytest.raises(SystemExit, match="MicrosoftAppId must be a GUID"):
        main([str(tmp_path)])
    assert not (tmp_path / "teams-package.zip").exists()
