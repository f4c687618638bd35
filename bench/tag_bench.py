"""How fast `reader.tags.tag_paper` tags papers with the bundled rules (issue 17).

    .venv/bin/python bench/tag_bench.py [--papers 20000] [--rounds 5] [--against b34dbab[,REV]]

Tags N synthetic papers (bench/synth.py) and the built-in catalog, one process, one core,
and prints papers/s and ms per paper. With `--against REV` (default: the commit before the
tagging speed-up), the reader/tags.py of each revision given, read with `git show`, is timed
in the same run, rounds interleaved with the current code's so that a busy machine slows all
alike; the best round of each counts (wall clock; its CPU time is shown too), and all must
give the same tags. The speed-up is the first revision's time over each one's. `--against
''` times the current code alone.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import synthetic_papers  # noqa: E402
from reader import paths  # noqa: E402
from reader import tags as current  # noqa: E402
from reader.catalog import files as catalog  # noqa: E402

BEFORE = "b34dbab"  # the last commit with the tagger before issue 17's speed-up


def module_at(rev: str) -> types.ModuleType | None:
    """reader/tags.py as it was at `rev`, as a module of its own; None without git or rev."""
    try:
        source = subprocess.run(["git", "show", f"{rev}:reader/tags.py"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"(not timing {rev}: {getattr(error, 'stderr', '') or error})".strip())
        return None
    module = types.ModuleType(f"tags_at_{rev}")
    module.__file__ = f"{rev}:reader/tags.py"
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def tagger(module: types.ModuleType) -> Callable[[Sequence], list[tuple[str, ...]]]:
    rules = module.load_rules(paths.bundled_data_dir() / "tags.toml")
    tag_paper = module.tag_paper

    def tag_all(papers: Sequence) -> list[tuple[str, ...]]:
        return [tag_paper(paper, rules).tags for paper in papers]

    return tag_all


def best_times(taggers: dict[str, Callable], papers: Sequence, rounds: int
               ) -> dict[str, tuple[float, float]]:
    """Seconds (wall, CPU) of the best round of each, rounds interleaved; the tags must
    agree. The CPU time says how much a busy machine (another process on the core) slowed
    the wall clock."""
    best = dict.fromkeys(taggers, (float("inf"), float("inf")))
    results = {}
    for _ in range(rounds):
        for name, tag_all in taggers.items():
            wall, cpu = time.perf_counter(), time.process_time()
            results[name] = tag_all(papers)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    first, *others = results.values()
    differ = [name for name, tags in results.items() if tags != first]
    if differ:
        raise SystemExit(f"different tags from {', '.join(differ)}")
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", default=BEFORE, help="a git revision, or '' for none")
    args = parser.parse_args(argv)

    taggers = {"current": tagger(current)}
    for rev in filter(None, args.against.split(",")):
        if (module := module_at(rev)) is not None:
            taggers[rev] = tagger(module)
    base = next((name for name in taggers if name != "current"), None)

    started = time.perf_counter()
    synthetic = synthetic_papers(args.papers)
    print(f"{len(synthetic)} synthetic papers made in {time.perf_counter() - started:.1f} s")
    builtin = catalog.builtin_papers()
    sets = {f"synthetic x{len(synthetic)}": synthetic,
            f"built-in catalog ({len(builtin)}) x50": builtin * 50}

    print(f"\n| papers | code | papers/s | ms/paper | CPU ms/paper |"
          f"{' speed-up |' if base else ''}")
    print(f"|---|---|--:|--:|--:|{'--:|' if base else ''}")
    for label, papers in sets.items():
        best = best_times(taggers, papers, args.rounds)
        for name, (wall, cpu) in best.items():
            ratio = f" {best[base][0] / wall:.2f}x |" if base else ""
            print(f"| {label} | {name} | {len(papers) / wall:,.0f} | "
                  f"{1000 * wall / len(papers):.3f} | {1000 * cpu / len(papers):.3f} |{ratio}")


if __name__ == "__main__":
    main()
