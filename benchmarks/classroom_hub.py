"""The classroom hub under a class: a real JupyterHub (classroom/jupyterhub_config.py) on this
machine, N learners created through its API, every learner's server started and kept running,
then the registration notebook's quy trình run in a kernel in every server.

    sudo .venv/bin/python benchmarks/classroom_hub.py --learners 60 --concurrency 8

Reports: spawn time and ceremony time (p50, p95), memory per learner (their server alone, and
their server with the notebook's kernel left open, as a learner leaves it), the machine's
memory in use with every learner's kernel open and at its peak, the hub and
proxy's health at the end, and how many learners were truly at work at once (--concurrency:
spawns and ceremonies in flight together). Figures: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dvcedu.classroom.local import local_hub  # noqa: E402
from dvcedu.classroom.trainer import CEREMONY  # noqa: E402


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def memory_in_use_mib() -> float:
    info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    kib = int(info["MemTotal"].split()[0]) - int(info["MemAvailable"].split()[0])
    return kib / 1024


def rss_by_user() -> dict[str, int]:
    """Resident KiB of every process, summed by the account that owns it."""
    import pwd

    totals: dict[str, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        uid = int(fields["Uid"].split()[0])
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        try:
            name = pwd.getpwuid(uid).pw_name
        except KeyError:
            continue
        totals[name] = totals.get(name, 0) + rss
    return totals


class PeakMemory(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak, self.running = memory_in_use_mib(), True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, memory_in_use_mib())
            time.sleep(0.25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "bench-classroom-hub.json")
    args = parser.parse_args()
    before = memory_in_use_mib()
    peak = PeakMemory()
    peak.start()
    with (
        tempfile.TemporaryDirectory() as state,
        local_hub(
            ROOT / "classroom" / "jupyterhub_config.py",
            state=Path(state),
            log_copy=ROOT / "build" / "classroom-hub-bench.log",
        ) as (hub, prefix),
    ):
        names = [f"{prefix}-{n}" for n in range(1, args.learners + 1)]
        hub.add_users(names)
        began = time.monotonic()
        with ThreadPoolExecutor(args.concurrency) as pool:
            spawns = list(pool.map(hub.start, names))
        spawned_in = time.monotonic() - began
        servers_only = rss_by_user()
        began = time.monotonic()
        with ThreadPoolExecutor(args.concurrency) as pool:
            runs = list(
                pool.map(lambda name: hub.run(name, CEREMONY, timeout=600, keep=True), names)
            )
        ceremonies_in = time.monotonic() - began
        time.sleep(2)
        with_kernels = rss_by_user()  # every learner with notebook 04's kernel still open
        all_open = memory_in_use_mib()
        healthy = hub.health()
    peak.running = False
    failures = [f"{n}: {r.error}" for n, r in zip(names, runs, strict=True) if not r.ok]
    reports = [r.json() for r in runs if r.ok]
    ok = [r for r in reports if r["registered"] and r["logged_in"]]
    server_kib = [servers_only.get(n, 0) for n in names]
    kernel_kib = [r["kernel_peak_kib"] for r in reports]
    learner_kib = [with_kernels.get(n, 0) for n in names]
    result = {
        "learners": args.learners,
        "concurrency": args.concurrency,
        "succeeded": len(ok),
        "failures": failures[:5],
        "hub_healthy_after": healthy,
        "spawn_s": {
            "p50": quantile(spawns, 0.5),
            "p95": quantile(spawns, 0.95),
            "all_servers_up_s": spawned_in,
        },
        "ceremony_s": {
            "p50": quantile([r.seconds for r in runs], 0.5),
            "p95": quantile([r.seconds for r in runs], 0.95),
            "all_done_s": ceremonies_in,
        },
        "memory_mib": {
            "server_rss_p50": statistics.median(server_kib) / 1024,
            "kernel_peak_rss_p50": statistics.median(kernel_kib) / 1024 if kernel_kib else None,
            "kernel_peak_rss_max": max(kernel_kib) / 1024 if kernel_kib else None,
            "kernel_vmdata_max": max(r["kernel_vmdata_kib"] for r in reports) / 1024
            if reports
            else None,
            "per_learner_working": (
                statistics.median(server_kib) + (statistics.median(kernel_kib) if kernel_kib else 0)
            )
            / 1024,
            "learner_rss_p50_with_kernel_open": statistics.median(learner_kib) / 1024,
            "learner_rss_max_with_kernel_open": max(learner_kib) / 1024,
            "machine_before": before,
            "machine_all_kernels_open": all_open,
            "machine_peak": peak.peak,
        },
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    sys.exit(0 if len(ok) == args.learners and healthy else 1)


if __name__ == "__main__":
    main()
