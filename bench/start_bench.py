"""Start-up benchmark: from launching `app.py` to its first healthy /healthz, beside the bare aiohttp handler
launched the same way in the same run (the interpreter and aiohttp alone).

The first start on an empty database migrates it; every later start finds nothing to migrate, and that is
the start that counts when an instance is restarted or scaled out. Target (issue 14): start to healthy <= 1 s.

    .venv/bin/python bench/start_bench.py [--starts 5] [--only sqlite|postgres]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from turn_bench import DEFAULT_POSTGRES, create_database, drop_database, running  # noqa: E402

TARGET_SECONDS = 1.0


async def starts(name: str, argv: list[str], workdir: Path, env: dict[str, str], count: int) -> list[float]:
    spent = []
    for number in range(count):
        async with running(f"{name}-{number}", argv, workdir, env) as server:
            spent.append(server.started_in)
    return spent


async def run(count: int, only: str | None) -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="start-bench-") as workdir:
        workdir = Path(workdir)
        bare = await starts("bare", ["bench/bare_json.py"], workdir, {}, count)
        rows.append(("bare handler", bare[0], statistics.median(bare)))
        for database in ("sqlite", "postgres"):
            if only and only != database:
                continue
            url = (f"sqlite:///{workdir}/bot.sqlite3" if database == "sqlite" else
                   await create_database(os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES)))
            try:
                found = await starts(database, ["app.py"], workdir, {"DATABASE_URL": url}, count + 1)
            finally:
                if database == "postgres":
                    await drop_database(url)
            rows.append((f"app, {database}", found[0], statistics.median(found[1:])))
    print(f"{'':18} {'first start s':>13} {'restart s':>9} {'x bare':>6}")
    for name, first, again in rows:
        print(f"{name:18} {first:13.2f} {again:9.2f} {again / rows[0][2]:6.1f}")
    for name, _, again in rows[1:]:
        verdict = "ok" if again <= TARGET_SECONDS else "MISSED"
        print(f"{name} restart to healthy {again:.2f} s  target <= {TARGET_SECONDS} s  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="restarts per target; the median is printed")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    arguments = parser.parse_args()
    asyncio.run(run(arguments.starts, arguments.only))


if __name__ == "__main__":
    main()
