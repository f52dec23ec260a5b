"""`python -m bot.export --org NAME_OR_ID [--format json|csv]`: an organisation's current answers
and its computed result, in the same JSON shape as `python -m model score`."""
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys

from bot.db import Database, Organisation
from bot.settings import Settings
from model import load_model
from model.scoring import report

COLUMNS = ("row", "level", "comment", "who", "user_id", "when")


async def export(database: Database, organisation: Organisation, lang: str) -> dict:
    current = await database.answers.current(organisation.id)
    model = load_model()
    ordered = [current[row.key] for row in model.all_rows if row.key in current]
    answers = [
        {"row": a.row_key, "level": a.value, "comment": a.comment, "who": a.user_name, "user_id": a.user_id,
         "when": a.answered_at.isoformat()}
        for a in ordered
    ]
    return {
        "organisation": {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
                         "tenant_id": organisation.tenant_id, "target": organisation.target},
        "answers": answers,
        "result": report(model, {a.row_key: a.value for a in ordered}, organisation.target, lang),
    }


async def run(org: str, fmt: str, lang: str, settings: Settings) -> int:
    database = await Database.open(settings.database_url)
    try:
        found = await database.organisations.find_in_all_tenants(org)
        if len(found) != 1:
            problem = "no organisation" if not found else f"{len(found)} organisations (use the id)"
            print(f"error: {problem} named {org!r}", file=sys.stderr)
            return 2
        body = await export(database, found[0], lang)
    finally:
        await database.close()
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(body["answers"])
    else:
        json.dump(body, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.export")
    parser.add_argument("--org", required=True, help="the organisation's name or id")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--lang", choices=("sv", "en"), default="sv")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.org, args.format, args.lang, Settings.from_env()))


if __name__ == "__main__":
    sys.exit(main())
