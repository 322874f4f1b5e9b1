"""Print how many published reports a second `import-report` reads from text (every seed in turn).
Figures only: no assertion, no pass or fail."""

from __future__ import annotations

import time
from pathlib import Path

from yjinspect.programmes import read_published_report

SEEDS = sorted((Path(__file__).resolve().parents[1] / "tests" / "seeds").glob("*.txt"))


def main() -> None:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    size = sum(len(t) for t in texts) / len(texts)
    rounds, started = 0, time.perf_counter()
    while time.perf_counter() - started < 3:
        for text in texts:
            read_published_report(text)
        rounds += 1
    elapsed = time.perf_counter() - started
    print(f"import-report: {rounds * len(texts) / elapsed:,.0f} reports a second from text "
          f"(the {len(texts)} seeds in turn, {size / 1000:.0f} thousand characters each on average)")  # fmt: skip


if __name__ == "__main__":
    main()
