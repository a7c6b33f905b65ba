"""Score ingest.refparse on the shared reference gold set and time it.

    .venv/bin/python bench/refparse.py                       # per-field tables + refs/s
    .venv/bin/python bench/refparse.py --misses title -n 20  # show some misses of one field

The gold set is read at run time and never copied: it is for evaluation only.
Tables come from /work/shared/refgold/evaluate.py, run in place.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.refparse import parse_reference, reference_to_json  # noqa: E402

GOLD_DIR = Path(__file__).resolve().parents[2] / "shared" / "refgold"  # ../shared beside the repo


def predict(gold: list[dict]) -> tuple[list[dict], float]:
    """Predictions with gold ids, and references parsed per second (parsing only, best of 3 runs)."""
    raws = [g["raw"] for g in gold]
    elapsed = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parsed = [parse_reference(raw) for raw in raws]
        elapsed = min(elapsed, time.perf_counter() - start)
    preds = []
    for g, (work, links) in zip(gold, parsed, strict=True):
        obj = reference_to_json(work, links)
        obj["id"] = g["id"]
        preds.append(obj)
    return preds, len(raws) / elapsed


def show_misses(gold: list[dict], preds: list[dict], field: str, limit: int) -> None:
    """Print gold and predicted values where a field differs (strict, as evaluate.py normalises)."""
    sys.path.insert(0, str(GOLD_DIR))
    import evaluate  # type: ignore[import-not-found]

    shown = 0
    for g, p in zip(gold, preds, strict=True):
        if field in (g.get("unscored_fields") or []):
            continue
        if field == "authors":
            if g.get("authors") is None:
                continue
            gv = [evaluate.author_key(a, "strict") for a in g["authors"]]
            pv = [evaluate.author_key(a, "strict") for a in p.get("authors") or []]
        else:
            fn = evaluate.pages_strict if field == "pages" else evaluate.strict
            gv, pv = fn(g.get(field)), fn(p.get(field))
        if gv != pv:
            print(f"{g['id']} [{g.get('style')}/{g.get('type')}] {g['raw']}\n   gold: {gv}\n   pred: {pv}")
            shown += 1
            if shown >= limit:
                return


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(GOLD_DIR / "dev.jsonl"))
    ap.add_argument("--misses", metavar="FIELD", help="print misses of this field instead of the tables")
    ap.add_argument("-n", type=int, default=30, help="how many misses to print")
    ap.add_argument("--style", help="only gold records of this style (with --misses)")
    args = ap.parse_args()

    gold = [json.loads(line) for line in open(args.gold, encoding="utf-8")]
    preds, rate = predict(gold)
    if args.misses:
        pairs = [(g, p) for g, p in zip(gold, preds, strict=True) if not args.style or g.get("style") == args.style]
        show_misses([g for g, _ in pairs], [p for _, p in pairs], args.misses, args.n)
        return
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    subprocess.run(
        [sys.executable, str(GOLD_DIR / "evaluate.py"), args.gold, fh.name, "--name", "crosstalk"], check=True
    )
    Path(fh.name).unlink()
    print(f"{len(gold)} references, {rate:,.0f} references/s (parsing only, one core, best of 3)")


if __name__ == "__main__":
    main()
