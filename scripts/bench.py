"""`make bench`: one line per scenario (contract in ARCHITECTURE.md) and var/bench/latest.json.

BENCH name=<scenario> items=<n> seconds=<s> floor_seconds=<f> ratio=<s/f> peak_mb=<m>
The scenarios of the scale issue are added here; until then it says so.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS: list = []


def main() -> int:
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    results = [scenario() for scenario in SCENARIOS]
    if not results:
        print("no scenarios yet")
    (out / "latest.json").write_text(json.dumps({"scenarios": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
