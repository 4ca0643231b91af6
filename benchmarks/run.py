"""Measure lokalservice against `python -c pass` on this machine, paired in one run, and print the ratios.

    .venv/bin/python benchmarks/run.py            # about a minute and a half
    .venv/bin/python benchmarks/run.py --quick    # fewer repetitions, no 200,000-reply inquiry
    .venv/bin/python benchmarks/run.py --startup  # only the start-up figures

Each figure is the median of several runs of a fresh process; start-up figures are taken with a warm
cache and compiled bytecode, as a user's second run would be, in rounds that run each start-up
command once in turn (so a busy moment of the machine slows them all alike). Targets (issue 6): start-up at most 10x
`python -c pass`; 20,000 replies at most 50x once warm; 200,000 replies at most 12x the time of 20,000
and at most 600 MB peak memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2010-01-15"


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak memory (resident set) in bytes of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss * 1024


def interleaved(commands: dict[str, list[str]], env: dict[str, str], rounds: int) -> dict[str, tuple[list[float], int]]:
    """Each command once per round, in turn, so that a busy moment of the machine slows them all alike."""
    for args in commands.values():
        run_once(args, env)  # warm: bytecode compiled, cache built, files in the page cache
    times: dict[str, list[float]] = {label: [] for label in commands}
    memory: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(rounds):
        for label, args in commands.items():
            seconds, peak = run_once(args, env)
            times[label].append(seconds)
            memory[label] = max(memory[label], peak)
    return {label: (times[label], memory[label]) for label in commands}


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark lokalservice against python -c pass.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions; skip the 200,000-reply inquiry")
    parser.add_argument("--startup", action="store_true", help="only the start-up figures")
    options = parser.parse_args()
    repeat = 5 if options.quick else 11
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "LOKALSERVICE_DATA", "LOKALSERVICE_TODAY")}
    lokalservice = str(BIN / "lokalservice")
    with tempfile.TemporaryDirectory() as scratch:
        env["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")  # the default cache location, in a scratch folder
        sizes = [] if options.startup else [20_000] if options.quick else [20_000, 200_000]
        folders = {}
        for size in sizes:
            folders[size] = Path(scratch) / f"inquiry-{size}"
            generate(folders[size], size)

        rows: list[tuple[str, float, float, int]] = []
        startup = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "reference: minimal Typer app printing a Rich table": [sys.executable, str(Path(__file__).with_name("minimal_app.py"))],
            "lokalservice --help": [lokalservice, "--help"],
            "lokalservice --today 2009-03-01 deadlines (sample)": [lokalservice, "--today", "2009-03-01", "deadlines"],
            "  the same with --format json (no table)": [lokalservice, "--today", "2009-03-01", "deadlines", "--format", "json"],
        }
        startup_times = {label: (statistics.median(samples), memory) for label, (samples, memory) in interleaved(startup, env, 3 * repeat).items()}
        base = startup_times["python -c pass"][0]
        for label, (seconds, memory) in startup_times.items():
            rows.append((label, seconds, seconds / base, memory))

        def measure(label: str, args: list[str], times: int = repeat) -> float:
            ((samples, memory),) = interleaved({label: args}, env, times).values()
            seconds = statistics.median(samples)
            rows.append((label, seconds, seconds / base, memory))
            return seconds

        per_size: dict[int, dict[str, float]] = {}
        for size, folder in folders.items():
            times = repeat if size <= 20_000 else 3
            per_size[size] = {
                "replies": measure(f"replies brev-3, {size:,} replies, warm", [lokalservice, "-d", str(folder), "--today", TODAY, "replies", "brev-3"], times),
                "deadlines": measure(
                    f"deadlines --all, {size:,} replies, warm", [lokalservice, "-d", str(folder), "--today", TODAY, "deadlines", "--all"], times
                ),
            }
            cold_env = dict(env, LOKALSERVICE_CACHE="off")
            seconds, memory = run_once([lokalservice, "-d", str(folder), "--today", TODAY, "replies", "brev-3"], cold_env)
            rows.append((f"replies brev-3, {size:,} replies, no cache", seconds, seconds / base, memory))

    print(f"{'what':<58} {'median':>10} {'× pass':>8} {'peak RSS':>10}")
    for label, seconds, ratio, memory in rows:
        print(f"{label:<58} {seconds * 1000:>8.0f} ms {ratio:>7.1f}× {memory / 2**20:>7.0f} MB")
    if len(per_size) == 2:
        small, large = per_size[20_000], per_size[200_000]
        for command in ("replies", "deadlines"):
            print(f"growth 20,000 -> 200,000 replies, {command}: {large[command] / small[command]:.1f}× (target at most 12×)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
