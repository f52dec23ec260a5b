"""Command line for analysts: `python -m model summary` and `python -m model score FILE`."""
from __future__ import annotations

import argparse
import json
import sys

from model import ModelError, load_model
from model.scoring import parse_answers, parse_target, report
from model.types import Model


def summary(model: Model) -> dict:
    texts = [text for row in model.all_rows for text in (row.topic, row.question)]
    return {
        "steps": len(model.steps),
        "perspectives": len(model.perspectives),
        "rows": len(model.rows),
        "criteria": sum(len(row.rungs) for row in model.rows),
        "crisis_rows": len(model.crisis_rows),
        "languages": sorted({lang for text in texts for lang, value in vars(text).items() if value}),
    }


def score_file(model: Model, path: str, lang: str, limit: int) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise ValueError(f"no such file: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(document, dict) or "answers" not in document:
        raise ValueError(f'{path} must be a JSON object with "answers"')
    answers = parse_answers(model, document["answers"])
    return report(model, answers, parse_target(model, document.get("target")), lang, limit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("summary", help="counts of the loaded model")
    scoring = commands.add_parser("score", help="score a JSON file of answers")
    scoring.add_argument("file")
    scoring.add_argument("--lang", choices=("sv", "en"), default="sv")
    scoring.add_argument("--limit", type=int, default=5)
    args = parser.parse_args(argv)
    try:
        model = load_model()
        if args.command == "summary":
            result = summary(model)
        else:
            if args.limit < 0:
                raise ValueError("--limit must be 0 or more")
            result = score_file(model, args.file, args.lang, args.limit)
    except (ModelError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
