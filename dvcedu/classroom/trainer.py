"""What the trainer does to learners' environments, each as a piece of code run in the
learner's own kernel (so it acts as the learner, in their home, and on nobody else's)."""

from __future__ import annotations

from dataclasses import dataclass

from dvcedu.classroom.hub import Hub, KernelRun

RESET = """
import json
from dvcedu import lab, paths
made = lab.provision("enterprise", force=True)
store = paths.home() / "portal.sqlite3"
had_store = store.exists()
store.unlink(missing_ok=True)
print(json.dumps({"token": made.label, "identity": made.identity, "portal_reset": had_store}))
"""
"""A new training token (the sample enterprise, the training PINs, no wrong PIN counted) and
an empty practice portal: what a learner gets on their first day."""

CHECK = """
import json, subprocess
done = subprocess.run(["dvcedu", "doctor", "--json", "--lang", "en"], capture_output=True,
                      text=True, timeout=120)
report = json.loads(done.stdout)
print(json.dumps({"ok": report["ok"], "failing": [c["name"] for c in report["checks"]
                                                    if c["required"] and not c["ok"]]}))
"""
"""``dvcedu doctor`` in the learner's environment: the pre-class checklist, for one learner."""

CEREMONY = """
import json, os, pwd, resource, time
from dvcedu import lab, paths
from dvcedu.clock import SystemClock
from dvcedu.pki.samples import training_trust
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.portal import Portal, Store
from dvcedu.scenario import run_login, run_registration
from dvcedu.token import TRAINING_PIN, list_tokens
began = time.monotonic()
training = lab.start("enterprise", notebook="04")
clock = SystemClock()
portal = Portal(Store.in_home(paths.home()), trust=training_trust(), clock=clock)
plugin = SigningPlugin(clock=clock, label=training.label)
learner = ScriptedLearner(pin=TRAINING_PIN)
registered = run_registration(portal, plugin, learner, email="hocvien@daotao.test")
logged_in = run_login(portal, plugin, learner)
me = pwd.getpwuid(os.getuid()).pw_name
homes = [p.pw_dir for p in pwd.getpwall() if p.pw_dir.startswith("/home/") and p.pw_name != me]
print(json.dumps({
    "user": me, "home": str(paths.home()), "registered": registered.ok,
    "logged_in": logged_in.ok, "name": logged_in.login.session.display_name
    if logged_in.ok else None,
    "accounts": len(portal.store.query("SELECT * FROM accounts")),
    "tokens": sorted(t.label for t in list_tokens() if t.label),  # not the free slot
    "others_readable": [h for h in homes if os.access(h, os.R_OK)],
    "seconds": time.monotonic() - began,
    "kernel_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "kernel_vmdata_kib": int(next(line.split()[1] for line in open("/proc/self/status")
                                  if line.startswith("VmData:")))}))
"""
"""The registration notebook's quy trình (04), then a login, as a learner's kernel runs them;
what it printed says whether this learner's things are theirs alone."""


@dataclass(frozen=True)
class LearnerResult:
    name: str
    run: KernelRun

    @property
    def report(self) -> dict:
        return self.run.json() if self.run.ok else {"error": self.run.error}


def reset(hub: Hub, name: str) -> dict:
    """Reset ``name``'s training token and practice portal (their server is started if it
    was not)."""
    hub.start(name)
    done = hub.run(name, RESET)
    if not done.ok:
        raise RuntimeError(done.error)
    return done.json()


def check(hub: Hub, names: list[str] | None = None) -> dict[str, dict]:
    """The pre-class checklist for every learner (or ``names``): their server starts, and
    ``dvcedu doctor`` passes in it."""
    if names is None:
        names = sorted(u["name"] for u in hub.users() if not u.get("admin"))
    results = {}
    for name in names:
        try:
            seconds = hub.start(name)
            done = hub.run(name, CHECK)
            results[name] = (
                {**done.json(), "start_seconds": round(seconds, 1)}
                if done.ok
                else {"ok": False, "failing": [done.error]}
            )
        except (RuntimeError, TimeoutError) as error:
            results[name] = {"ok": False, "failing": [str(error)]}
    return results
