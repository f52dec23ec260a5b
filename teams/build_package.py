"""Builds the Teams app package: manifest.json, en.json, two icons, zipped for upload.

    python -m teams.build_package [output folder, default build/]

Reads MicrosoftAppId (the bot's app id, also used as the Teams app id) and BOT_DOMAIN
(the host the bot, its privacy notice and terms of use live on) from the environment.
The manifest's own texts are Swedish; en.json carries the English ones.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
MANIFEST_VERSION = "1.29"
SCHEMA_URL = "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA_URL = (
    "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.Localization.schema.json"
)
ZERO_GUID = "00000000-0000-0000-0000-000000000000"
# RFC 2606 reserves .invalid: it can never resolve, so a package built without BOT_DOMAIN
# is plainly unfinished, yet its URLs still pass the schema (which only asks for http(s)://).
PLACEHOLDER_DOMAIN = "example.invalid"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
ACCENT = "#1D5C8F"
GOAL = "#F2B705"
BOT_SCOPES = ("personal", "team", "groupChat")
FILES = ("manifest.json", "color.png", "outline.png", "en.json")


class PackageError(ValueError):
    pass


@dataclass(frozen=True)
class PackageSettings:
    app_id: str = ZERO_GUID
    bot_domain: str = PLACEHOLDER_DOMAIN

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PackageSettings:
        app_id = env.get("MicrosoftAppId", "").strip() or ZERO_GUID
        if not GUID.match(app_id):
            raise PackageError(f"MicrosoftAppId must be a GUID, not {app_id!r}")
        domain = env.get("BOT_DOMAIN", "").strip()
        if not domain:
            return cls(app_id)
        host = urlsplit(domain if "//" in domain else f"//{domain}").hostname
        if not host:
            raise PackageError(f"BOT_DOMAIN must be a host name such as bot.kommun.se, not {domain!r}")
        return cls(app_id, host)

    def warnings(self) -> list[str]:
        found = []
        if self.app_id == ZERO_GUID:
            found.append("MicrosoftAppId is not set: the package uses the all-zero id, "
                         "so Teams will not reach the bot.")
        if self.bot_domain == PLACEHOLDER_DOMAIN:
            found.append(f"BOT_DOMAIN is not set: the privacy and terms links point at {PLACEHOLDER_DOMAIN}.")
        return found


@dataclass(frozen=True)
class BotCommand:
    title: Mapping[str, str]  # by language; each title must be a command dialogs.replies understands
    description: Mapping[str, str]


COMMANDS = (
    BotCommand({"sv": "hjälp", "en": "help"},
               {"sv": "Visa vad jag kan hjälpa till med", "en": "Show what I can help with"}),
    BotCommand({"sv": "start", "en": "start"},
               {"sv": "Börja en ny genomgång av hela modellen eller ett steg",
                "en": "Start a new assessment of the whole model or one step"}),
    BotCommand({"sv": "fortsätt", "en": "continue"},
               {"sv": "Fortsätt där ni slutade", "en": "Continue where you left off"}),
    BotCommand({"sv": "status", "en": "status"},
               {"sv": "Se er nivå och hur långt ni har kommit", "en": "See your level and how far you have come"}),
    BotCommand({"sv": "snabbkoll", "en": "quick check"},
               {"sv": "Få en första bild på några minuter", "en": "Get a first picture in a few minutes"}),
    BotCommand({"sv": "beredskap", "en": "crisis"},
               {"sv": "Se hur väl er upphandling klarar en kris",
                "en": "See how well your procurement copes with a crisis"}),
    BotCommand({"sv": "plan", "en": "plan"},
               {"sv": "Se och följ upp er handlingsplan", "en": "See and follow up your action plan"}),
    BotCommand({"sv": "rapport", "en": "report"},
               {"sv": "Få en rapport att dela med ledningen", "en": "Get a report to share with management"}),
    BotCommand({"sv": "byt organisation", "en": "switch organisation"},
               {"sv": "Svara för en annan organisation", "en": "Answer for another organisation"}),
    BotCommand({"sv": "språk", "en": "language"},
               {"sv": "Byt mellan svenska och engelska", "en": "Switch between Swedish and English"}),
)

APP_TEXTS = {
    "name.short": {"sv": "Upphandlingskompassen", "en": "Procurement Compass"},
    "name.full": {
        "sv": "Upphandlingskompassen – strategisk offentlig upphandling med Dalamodellen",
        "en": "Procurement Compass – strategic public procurement with the Dala model",
    },
    "description.short": {
        "sv": "Se hur långt er organisation har kommit i strategisk upphandling.",
        "en": "See how far your organisation has come in strategic procurement.",
    },
    "description.full": {
        "sv": "Upphandlingskompassen går igenom Dalamodellen med er, fråga för fråga, direkt i Teams. "
              "Ni svarar i er egen takt och varje svar sparas med en gång. Boten visar er mognadsnivå "
              "i varje steg, föreslår vad ni kan göra härnäst och samlar förslagen i en handlingsplan. "
              "Snabbkollen ger en första bild på några minuter, och frågorna om beredskap visar hur "
              "väl upphandlingen klarar en kris. Rapporten kan ni dela med ledningen och politiken.",
        "en": "Procurement Compass takes you through the Dala model, question by question, right in Teams. "
              "You answer at your own pace and every answer is saved at once. The bot shows your maturity "
              "level in each step, suggests what to do next and gathers the suggestions in an action plan. "
              "The quick check gives a first picture in a few minutes, and the preparedness questions show "
              "how well your procurement copes with a crisis. You can share the report with management and "
              "elected officials.",
    },
}
DEVELOPER_NAME = "Exempelbolaget AB"  # placeholder until the publishing organisation is decided


def app_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def build_manifest(settings: PackageSettings) -> dict:
    site = f"https://{settings.bot_domain}"
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": app_version(),
        "id": settings.app_id,
        "localizationInfo": {
            "defaultLanguageTag": "sv",
            "additionalLanguages": [{"languageTag": "en", "file": "en.json"}],
        },
        "developer": {
            "name": DEVELOPER_NAME,
            "websiteUrl": f"{site}/",
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/terms",
        },
        "name": {"short": APP_TEXTS["name.short"]["sv"], "full": APP_TEXTS["name.full"]["sv"]},
        "description": {"short": APP_TEXTS["description.short"]["sv"], "full": APP_TEXTS["description.full"]["sv"]},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [{
            "botId": settings.app_id,
            "scopes": list(BOT_SCOPES),
            # One list per scope, as the schema advises; the bot serves every command everywhere.
            "commandLists": [{"scopes": [scope], "commands": _commands("sv")} for scope in BOT_SCOPES],
        }],
        "validDomains": [settings.bot_domain],
    }


def _commands(lang: str) -> list[dict]:
    return [{"title": c.title[lang], "description": c.description[lang]} for c in COMMANDS]


def build_localization(lang: str) -> dict:
    """The strings of one additional language, keyed by their path in the manifest."""
    strings = {"$schema": LOCALIZATION_SCHEMA_URL} | {key: texts[lang] for key, texts in APP_TEXTS.items()}
    for list_index in range(len(BOT_SCOPES)):
        for index, command in enumerate(_commands(lang)):
            prefix = f"bots[0].commandLists[{list_index}].commands[{index}]"
            strings[f"{prefix}.title"] = command["title"]
            strings[f"{prefix}.description"] = command["description"]
    return strings


def _steps(left: float, top: float, right: float, bottom: float, count: int = 4) -> list[tuple[float, ...]]:
    """A staircase of columns, one per maturity level, as (left, top, right, bottom) in parts of the icon."""
    width, height = (right - left) / count, (bottom - top) / count
    return [(left + i * width, bottom - (i + 1) * height, left + (i + 1) * width, bottom) for i in range(count)]


def _mask(size: int, blocks: list[tuple[float, ...]]) -> Image.Image:
    """Blocks as an antialiased alpha mask: drawn four times larger, then scaled down."""
    scale = size * 4
    mask = Image.new("L", (scale, scale), 0)
    draw = ImageDraw.Draw(mask)
    for block in blocks:
        draw.rectangle([round(edge * scale) for edge in block], fill=255)
    return mask.resize((size, size), Image.LANCZOS)


def color_icon() -> Image.Image:
    """192 × 192, full bleed: white stairs on the accent colour, the top step, the goal, in gold."""
    size, steps = 192, _steps(0.22, 0.22, 0.78, 0.78)
    left, top, right, _ = steps[-1]
    icon = Image.new("RGB", (size, size), ACCENT)
    icon.paste("white", mask=_mask(size, steps))
    icon.paste(GOAL, mask=_mask(size, [(left, top, right, top + right - left)]))  # a square on the top step
    return icon


def outline_icon() -> Image.Image:
    """32 × 32, white on transparent as Teams requires: only the alpha channel varies."""
    size = 32
    icon = Image.new("RGBA", (size, size), "white")
    icon.putalpha(_mask(size, _steps(0.125, 0.125, 0.875, 0.875)))
    return icon


def build_package(settings: PackageSettings, out: Path) -> Path:
    """Writes the files to out/teams/ and the upload to out/teams-package.zip, which it returns."""
    folder = out / "teams"
    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder / "manifest.json", build_manifest(settings))
    _write_json(folder / "en.json", build_localization("en"))
    color_icon().save(folder / "color.png")
    outline_icon().save(folder / "outline.png")
    package = out / "teams-package.zip"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            # A fixed date keeps the zip byte-identical when nothing changed.
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), (folder / name).read_bytes(),
                             zipfile.ZIP_DEFLATED)
    return package


def _write_json(path: Path, content: dict) -> None:
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the Teams app package.")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "build", help="output folder (default: build/)")
    args = parser.parse_args(argv)
    try:
        settings = PackageSettings.from_env(os.environ)
    except PackageError as error:
        sys.exit(f"error: {error}")
    for warning in settings.warnings():
        print(f"warning: {warning}", file=sys.stderr)
    print(build_package(settings, args.out))


if __name__ == "__main__":
    main()
