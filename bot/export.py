"""`python -m bot.export --org NAME_OR_ID [--unit NAME] [--what answers|snapshots|plan|checkins|votes]
[--format json|csv] [--delimiter ';']`: an organisation's data for analysts; answers, snapshots, plan items and
votes name the unit they belong to (empty: the organisation itself), and `--unit` keeps one unit's only. `votes` is
every individual workshop answer (row, unit, workshop, who, role, level, comment, when) beside the answer the group
agreed on; its unit is the one the workshop was for.
`--collaboration NAME_OR_ID` instead gives what a collaboration's members share with each other
(services/shared.py), one line per member in CSV. Answers come with the computed result, in the same JSON shape
as `python -m model score`. CSV is UTF-8 with a byte order mark, so Excel reads å, ä and ö;
Swedish Excel expects `--delimiter ';'`. The report page serves the same files."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime, timezone

from bot.settings import Settings
from model import load_model
from reports.exports import DELIMITERS, WHATS, board_export, board_table, csv_text, export, table
from services.shared import gather_board
from storage import Database


async def run(org: str, what: str, fmt: str, delimiter: str, lang: str, settings: Settings,
              unit_name: str | None = None) -> int:
    database = await Database.open(settings.database_url, settings.database_pool_size, settings.database_max_overflow)
    model = load_model()
    try:
        found = await database.organisations.find_in_all_tenants(org)
        if len(found) != 1:
            problem = "no organisation" if not found else f"{len(found)} organisations (use the id)"
            print(f"error: {problem} named {org!r}", file=sys.stderr)
            return 2
        unit = None if unit_name is None else await database.units.find(found[0].id, unit_name)
        if unit_name is not None and unit is None:
            print(f"error: {found[0].name!r} has no unit named {unit_name!r}", file=sys.stderr)
            return 2
        body = await export(database, model, found[0], lang, what, unit)
    finally:
        await database.close()
    if fmt == "csv":
        sys.stdout.buffer.write(csv_text(*table(model, body, what), delimiter).encode("utf-8"))
    else:
        json.dump(body, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


async def run_collaboration(name: str, fmt: str, delimiter: str, settings: Settings) -> int:
    database = await Database.open(settings.database_url)
    model = load_model()
    try:
        found = await database.collaborations.find(name)
        if len(found) != 1:
            problem = "no collaboration" if not found else f"{len(found)} collaborations (use the id)"
            print(f"error: {problem} named {name!r}", file=sys.stderr)
            return 2
        body = board_export(await gather_board(database, model, found[0], datetime.now(timezone.utc)))
    finally:
        await database.close()
    if fmt == "csv":
        sys.stdout.buffer.write(csv_text(*board_table(model, body), delimiter).encode("utf-8"))
    else:
        json.dump(body, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.export")
    whose = parser.add_mutually_exclusive_group(required=True)
    whose.add_argument("--org", help="the organisation's name or id")
    whose.add_argument("--collaboration", help="a collaboration's name or id: what its members share")
    parser.add_argument("--unit", help="with --org: only this unit's answers, snapshots and workshop votes, by name")
    parser.add_argument("--what", choices=WHATS, default="answers")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--delimiter", choices=DELIMITERS, default=",", help="';' for Swedish Excel")
    parser.add_argument("--lang", choices=("sv", "en"), default="sv")
    args = parser.parse_args(argv)
    if args.collaboration:
        return asyncio.run(run_collaboration(args.collaboration, args.format, args.delimiter, Settings.from_env()))
    return asyncio.run(run(args.org, args.what, args.format, args.delimiter, args.lang, Settings.from_env(),
                           args.unit))


if __name__ == "__main__":
    sys.exit(main())
