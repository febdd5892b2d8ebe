"""Loaded PKCS#11 modules: each one an object, :class:`Module`, that owns everything dvcedu
keeps about it — loaded once per process, side by side.

python-pkcs11 hands out one library object that owns what is loaded; here it is the
:class:`Module`: the library PyKCS11 loaded, which file and why, whether it is SoftHSM2, the
home whose tokens it reads, who counts wrong PINs there, the turns SoftHSM2's callers take —
and what dvcedu learns while it stays loaded: where each label's slot is, what each token
offers, each key's signing path, which sessions hold each token's login. All of it ends with
the load; none of it is keyed on an environment variable.

PKCS#11 allows one ``C_Initialize`` per module per process. ``_loaded`` — the one place that
holds modules — keeps each, by path, for the life of the process, so a kernel can use the
training SoftHSM2 and a CA's module one after the other (notebook 08) without finalizing
either. Only SoftHSM2 is ever finalized and loaded again (:func:`unload`): it reads its token
folder when it starts, so another ``DVCEDU_HOME``, or a token another process just made, needs
a fresh load. Other modules are never re-initialised in one process: opencryptoki 3.8 crashes
when finalized and initialised again, and no module needs it to see a token plugged in
(C_GetSlotList does).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

import PyKCS11

from dvcedu.errors import ModuleLoadError, ModuleNotFound
from dvcedu.i18n import Msg
from dvcedu.token import softhsm
from dvcedu.token.environment import Environment, point_softhsm_at
from dvcedu.token.locks import Turn, softhsm_lock
from dvcedu.token.mechanisms import MechanismInfo, SigningPath
from dvcedu.token.modules import ModuleChoice, find_module
from dvcedu.token.pin_policy import Lockout, lockout_for

if TYPE_CHECKING:
    from dvcedu.token.session import TokenSession


@dataclass(eq=False)
class Module:
    """A loaded PKCS#11 module and what dvcedu keeps about it while it stays loaded. Get one
    from :func:`load` (``dvcedu.token.load_module``); every function of the token layer takes
    one, or a path, or ``None`` for the module the environment names."""

    lib: PyKCS11.PyKCS11Lib = field(repr=False)
    choice: ModuleChoice
    is_softhsm: bool
    """SoftHSM2 itself, or a proxy showing only SoftHSM2 tokens (see :func:`_speaks_softhsm`)."""
    softhsm_conf: str | None
    """The configuration SoftHSM2 was loaded with (the home's)."""
    home: Path
    """The learner's folder this module's training tokens and PIN counters live in."""
    lockout: Lockout
    """Who counts wrong PINs on this module's tokens by default (simulated on SoftHSM2)."""
    alive: bool = True
    """Still initialised: a session of a module finalized since (a SoftHSM2 reload) must not
    be touched — PyKCS11 would call into an unloaded library and crash the process."""
    slots: dict[str, int] = field(default_factory=dict, repr=False)
    """Where each label was found last: asked first (and checked), so opening a token costs
    one C_GetTokenInfo, not one per token in the home (a learner has one per notebook)."""
    offered: dict[str, dict[str, MechanismInfo]] = field(default_factory=dict, repr=False)
    """The signing mechanisms of each token seen, by serial."""
    signing_paths: dict[tuple[str, bytes, str, frozenset[str]], SigningPath] = field(
        default_factory=dict, repr=False
    )
    """The signing path of each key seen (token serial, CKA_ID, digest, and the mechanisms
    the token offers, which decide it)."""
    logins: dict[int, weakref.WeakSet[TokenSession]] = field(default_factory=dict, repr=False)
    """Which sessions hold each slot's login. C_Login's state belongs to the token and the
    program, shared by all its sessions (PKCS#11 v2.40 §5.6): a second C_Login answers
    CKR_USER_ALREADY_LOGGED_IN without checking the PIN. So a new login first ends the old
    one, and the sessions that held it learn so here."""

    @property
    def path(self) -> Path:
        return self.choice.path

    @property
    def turn(self) -> Turn | None:
        """The home's SoftHSM2 lock (``locks.softhsm_lock``); ``None`` for a hardware module,
        whose chip serialises its callers itself."""
        return softhsm_lock(self.home) if self.is_softhsm else None

    def taking_turns(self) -> AbstractContextManager[object]:
        """SoftHSM2 calls that read a token's file take turns with the logins that rewrite
        it; a hardware token needs nothing."""
        turn = self.turn
        return turn if turn is not None else nullcontext()


ModuleLike = Union[str, "os.PathLike[str]", Module, None]
"""What the token layer's functions take for ``module``: a path, a loaded :class:`Module`, or
``None`` for the one the environment names."""

_lock = threading.RLock()
_loaded: dict[Path, Module] = {}
"""Every module loaded in this process, by path."""
_answers: dict[tuple[object, ...], Module] = {}
"""What each question (argument, environment) was answered with: the same question again gets
the module back without looking for it and rewriting softhsm2.conf (every token operation
asks)."""
_last: Module | None = None


@contextmanager
def _captured_output() -> Iterator[list[str]]:
    """Catch what the C loader prints on fds 1 and 2 (PyKCS11 prints ``src/dyn_unix.c:…``
    lines to stdout), so only dvcedu's own message reaches the learner, with the loader's
    words inside it. Stray output would also break strict nbval."""
    lines: list[str] = []
    for stream in (sys.stdout, sys.stderr):
        # Only streams that write to fds 1/2 (a file's TextIOWrapper has .buffer): a Jupyter
        # kernel's streams are not those fds, and flushing them would split a cell's output.
        if hasattr(stream, "buffer"):
            with suppress(Exception):
                stream.flush()
    with tempfile.TemporaryFile() as sink:
        saved = [os.dup(1), os.dup(2)]
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            sink.seek(0)
            lines.extend(sink.read().decode("utf-8", "replace").splitlines())


def _problem(printed: list[str], error: Exception) -> Msg | str:
    """The loader's complaint in the learner's words (its own words follow as detail)."""
    said = printed[-1].split(": ", 1)[-1] if printed else str(error)
    if "C_GetFunctionList" in said:
        return Msg.of("module.no_function_list", detail=said)
    if any(
        k in said for k in ("too short", "invalid ELF", "not a dynamic", "wrong ELF", "file format")
    ):
        return Msg.of("module.not_a_library", detail=said)
    return said


def load(module: ModuleLike = None) -> Module:
    """The loaded module for ``module`` (found per :func:`find_module`, ``None`` meaning what
    the environment names), loading it if needed. A :class:`Module` is its own answer while
    it is loaded; one finalized since (a SoftHSM2 reload) is loaded anew from its file."""
    global _last
    if isinstance(module, Module):
        if module.alive:
            return module
        module = module.path
    env = Environment.read()
    asked = (None if module is None else str(module), env)
    found = _answers.get(asked)
    if found is not None and found.alive:
        _last = found
        return found
    choice = find_module(module, environ=env.variables())
    with _lock:
        home = env.home_folder
        conf = None
        if softhsm.is_softhsm_path(choice.path):
            conf = str(softhsm.write_conf(home))
            point_softhsm_at(Path(conf))
        current = _loaded.get(choice.path)
        if current is not None and current.softhsm_conf == conf and current.home == home:
            if current.lockout.max_tries != env.max_tries:  # DVCEDU_PIN_MAX_TRIES changed
                current.lockout = lockout_for(current.is_softhsm, home, max_tries=env.max_tries)
            _answers[asked] = _answers[(asked[0], Environment.read())] = _last = current
            return current
        if current is not None:  # SoftHSM2 for another home: the only module reloaded
            _finalize(current)
        loaded = _initialize(choice, conf, home, env.max_tries)
        _answers[asked] = _answers[(asked[0], Environment.read())] = _last = _loaded[
            choice.path
        ] = loaded
        return loaded


def _initialize(choice: ModuleChoice, conf: str | None, home: Path, max_tries: int) -> Module:
    if not choice.path.is_file():
        raise ModuleNotFound(path=str(choice.path), source=choice.source)
    lib = PyKCS11.PyKCS11Lib()
    failed: PyKCS11.PyKCS11Error | None = None
    with _captured_output() as printed:
        try:
            lib.load(str(choice.path))
            is_softhsm = _speaks_softhsm(lib)
        except PyKCS11.PyKCS11Error as error:
            failed = error
    if failed is not None:
        raise ModuleLoadError(path=str(choice.path), problem=_problem(printed, failed)) from None
    return Module(
        lib, choice, is_softhsm, conf, home, lockout_for(is_softhsm, home, max_tries=max_tries)
    )


def _speaks_softhsm(lib: PyKCS11.PyKCS11Lib) -> bool:
    """SoftHSM2, recognised by what it says, not by its file name: the module's own
    manufacturer (C_GetInfo), or — behind a proxy such as p11-kit's — every token it shows
    (C_GetTokenInfo). A proxy that also shows other tokens is not taken for SoftHSM2: the
    simulated PIN lockout then stays off, and ``doctor`` says which policy is in force."""
    if lib.getInfo().manufacturerID.strip().startswith("SoftHSM"):
        return True
    makers = [
        lib.getTokenInfo(slot).manufacturerID.strip() for slot in lib.getSlotList(tokenPresent=True)
    ]
    return bool(makers) and all(m.startswith("SoftHSM") for m in makers)


def _finalize(module: Module) -> None:
    global _last
    module.alive = False
    with suppress(PyKCS11.PyKCS11Error):  # already finalized: nothing to release
        module.lib.unload()
    _loaded.pop(module.path, None)
    for question in [q for q, a in _answers.items() if a is module]:
        del _answers[question]
    if _last is module:
        _last = None


def unload() -> None:
    """Finalize SoftHSM2 (C_Finalize); the next :func:`load` reads its token folder afresh.
    Other modules stay loaded (see the module docstring)."""
    with _lock:
        for module in [m for m in _loaded.values() if m.is_softhsm or m.softhsm_conf]:
            _finalize(module)
        _answers.clear()


def module_path() -> Path | None:
    """The module the last :func:`load` answered with."""
    return _last.path if _last else None
