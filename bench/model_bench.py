"""Model load, scoring and glossary speed. Targets: load+validate <= 50 ms; scoring a complete
assessment <= 0.2 ms (median of 10,000). Each figure beside a baseline from the same run."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model import load_model  # noqa: E402
from model.loader import CONTENT_DIR  # noqa: E402
from model.glossary import words  # noqa: E402
from model.scoring import recommendations, score  # noqa: E402


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parse_only = timed(lambda: [yaml.load(p.read_text("utf-8"), Loader=loader) for p in CONTENT_DIR.glob("*.yaml")], 20)
    load = timed(load_model, 20)
    print(f"load+validate: first {load[0] * 1000:.2f} ms, median {statistics.median(load) * 1000:.2f} ms "
          f"(target <= 50 ms); YAML parse alone median {statistics.median(parse_only) * 1000:.2f} ms; "
          f"ratio {statistics.median(load) / statistics.median(parse_only):.2f}")

    model = load_model()
    answers = {row.key: (i % 4 if i % 9 else "na") for i, row in enumerate(model.all_rows)}
    scoring = timed(lambda: recommendations(model, answers, None, 5, score(model, answers)), 10_000)
    baseline = timed(lambda: min(v for v in answers.values() if v != "na"), 10_000)
    median, base = statistics.median(scoring), statistics.median(baseline)
    print(f"score+recommendations, complete assessment: median {median * 1e6:.1f} us (target <= 200 us); "
          f"baseline (one min() over the answers) {base * 1e6:.2f} us; ratio {median / base:.0f}")

    texts = [text for row in model.all_rows for text in row.texts("sv")]
    finding = timed(lambda: [model.glossary.terms_in(text, "sv") for text in texts], 200)
    reading = timed(lambda: [words(text) for text in texts], 200)
    median, base = statistics.median(finding), statistics.median(reading)
    print(f"glossary terms in every row's texts ({len(texts)} texts, sv): median {median * 1000:.2f} ms; "
          f"baseline (splitting the same texts into words) {base * 1000:.2f} ms; ratio {median / base:.1f}")


if __name__ == "__main__":
    main()
