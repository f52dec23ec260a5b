"""`python -m bot.export --org NAME_OR_ID [--what answers|snapshots|plan|checkins] [--format json|csv]
[--delimiter ';']`: an organisation's data for analysts. Answers come with the computed result, in the same
JSON shape as `python -m model score`. CSV is UTF-8 with a byte order mark, so Excel reads å, ä and ö;
Swedish Excel expects `--delimiter ';'`. The report page serves the same files."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.settings import Settings
from model import load_model
from reports.exports import DELIMITERS, WHATS, csv_text, export, table
from storage import Database


async def run(org: str, what: str, fmt: str, delimiter: str, lang: str, settings: Settings) -> int:
    database = await Database.open(settings.database_url, settings.database_pool_size, settings.database_max_overflow)
    model = load_model()
    try:
        found = await database.organisations.find_in_all_tenants(org)
        if len(found) != 1:
            problem = "no organisation" if not found else f"{len(found)} organisations (use the id)"
            print(f"error: {problem} named {org!r}", file=sys.stderr)
            return 2
        body = await export(database, model, found[0], lang, what)
    finally:
        await database.close()
    if fmt == "csv":
        sys.stdout.buffer.write(csv_text(*table(model, body, what), delimiter).encode("utf-8"))
    else:
        json.dump(body, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.export")
    parser.add_argument("--org", required=True, help="the organisation's name or id")
    parser.add_argument("--what", choices=WHATS, default="answers")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--delimiter", choices=DELIMITERS, default=",", help="';' for Swedish Excel")
    parser.add_argument("--lang", choices=("sv", "en"), default="sv")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.org, args.what, args.format, args.delimiter, args.lang, Settings.from_env()))


if __name__ == "__main__":
    sys.exit(main())
