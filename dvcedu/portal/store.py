"""The portal's memory: accounts, bound certificates, sessions, challenges, captchas (SQLite).

One file under ``DVCEDU_HOME`` (or ``:memory:`` for quick demos), WAL mode, schema versioned by
numbered migrations. Every write is one transaction, so a process killed mid-registration
leaves either the whole account or nothing. All access goes through one connection guarded
by a lock, which keeps threads (a classroom simulation, a widget callback) from interleaving
half-finished writes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE accounts (
        identifier   TEXT PRIMARY KEY,          -- MST (10 digits, or 10-3 for a branch) / CCCD
        kind         TEXT NOT NULL CHECK (kind IN ('enterprise', 'branch', 'citizen')),
        display_name TEXT NOT NULL,
        email        TEXT NOT NULL,
        created_at   TEXT NOT NULL
    );
    CREATE TABLE certificates (
        sha256       TEXT PRIMARY KEY,
        identifier   TEXT NOT NULL REFERENCES accounts(identifier),
        serial       TEXT NOT NULL,
        issuer       TEXT NOT NULL,
        not_before   TEXT NOT NULL,
        not_after    TEXT NOT NULL,
        first_seen   TEXT NOT NULL,
        last_used    TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id           TEXT PRIMARY KEY,
        identifier   TEXT NOT NULL REFERENCES accounts(identifier),
        display_name TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        ended_at     TEXT
    );
    CREATE TABLE challenges (
        id           TEXT PRIMARY KEY,
        purpose      TEXT NOT NULL,
        origin       TEXT NOT NULL,
        body         BLOB NOT NULL,
        issued_at    TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        used_at      TEXT
    );
    CREATE TABLE captchas (
        id           TEXT PRIMARY KEY,
        answer       TEXT NOT NULL,
        issued_at    TEXT NOT NULL,
        used_at      TEXT
    );
    """,
    # 2: index what login looks up: an account's certificates (without it every login scans
    # the whole table — ×5.6 at 100,000 accounts) and the sessions of an account
    """
    CREATE INDEX certificates_by_identifier ON certificates(identifier, first_seen);
    CREATE INDEX sessions_by_identifier ON sessions(identifier);
    """,
)
"""Numbered schema changes; ``PRAGMA user_version`` records how many have run. An existing
store is upgraded on open; never edit a migration that has shipped, add one."""


@dataclass(frozen=True)
class Account:
    identifier: str
    kind: str
    display_name: str
    email: str
    created_at: str


@dataclass(frozen=True)
class BoundCertificate:
    sha256: str
    identifier: str
    serial: str
    issuer: str
    not_before: str
    not_after: str
    first_seen: str
    last_used: str


@dataclass(frozen=True)
class PortalSession:
    id: str
    identifier: str
    display_name: str
    created_at: str
    ended_at: str | None


@dataclass(frozen=True)
class StoredChallenge:
    id: str
    purpose: str
    origin: str
    body: bytes
    issued_at: str
    expires_at: str
    used_at: str | None


class Store:
    """The SQLite store. ``Store.memory()`` for a throw-away one."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=30
        )
        self._db.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # a reported success survives a crash
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    @classmethod
    def memory(cls) -> Store:
        return cls(":memory:")

    @classmethod
    def in_home(cls, home: Path) -> Store:
        return cls(home / "portal.sqlite3")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def query(self, sql: str, *args: object) -> list[sqlite3.Row]:
        """Read-only SQL for the notebooks ("what did the portal record?")."""
        with self._lock:
            return list(self._db.execute(sql, args))

    # --- challenges ------------------------------------------------------------------------
    def add_challenge(self, challenge: StoredChallenge) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO challenges VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    challenge.id,
                    challenge.purpose,
                    challenge.origin,
                    challenge.body,
                    challenge.issued_at,
                    challenge.expires_at,
                    None,
                ),
            )

    def take_challenge(self, challenge_id: str, now: datetime) -> StoredChallenge | None:
        """The challenge as it was, and mark it used — in one transaction, so two requests
        presenting the same challenge cannot both see it unused."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM challenges WHERE id = ?", (challenge_id,)).fetchone()
            if row is None:
                return None
            if row["used_at"] is None:
                db.execute(
                    "UPDATE challenges SET used_at = ? WHERE id = ?",
                    (now.isoformat(), challenge_id),
                )
            return StoredChallenge(**dict(row))

    # --- captchas --------------------------------------------------------------------------
    def add_captcha(self, captcha_id: str, answer: str, now: datetime) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO captchas VALUES (?, ?, ?, NULL)", (captcha_id, answer, now.isoformat())
            )

    def take_captcha(self, captcha_id: str, now: datetime) -> tuple[str, bool] | None:
        """(answer, was it already used?) and mark it used."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT answer, used_at FROM captchas WHERE id = ?", (captcha_id,)
            ).fetchone()
            if row is None:
                return None
            if row["used_at"] is None:
                db.execute(
                    "UPDATE captchas SET used_at = ? WHERE id = ?", (now.isoformat(), captcha_id)
                )
            return row["answer"], row["used_at"] is not None

    # --- accounts --------------------------------------------------------------------------
    def account(self, identifier: str) -> Account | None:
        rows = self.query("SELECT * FROM accounts WHERE identifier = ?", identifier)
        return Account(**dict(rows[0])) if rows else None

    def accounts(self) -> list[Account]:
        return [
            Account(**dict(r))
            for r in self.query("SELECT * FROM accounts ORDER BY created_at, identifier")
        ]

    def create_account(self, account: Account, certificate: BoundCertificate) -> bool:
        """Insert the account and its certificate together; False if the identifier exists."""
        with self.transaction() as db:
            exists = db.execute(
                "SELECT 1 FROM accounts WHERE identifier = ?", (account.identifier,)
            ).fetchone()
            if exists:
                return False
            db.execute(
                "INSERT INTO accounts VALUES (?, ?, ?, ?, ?)",
                (
                    account.identifier,
                    account.kind,
                    account.display_name,
                    account.email,
                    account.created_at,
                ),
            )
            self._insert_certificate(db, certificate)
            return True

    def certificates(self, identifier: str) -> list[BoundCertificate]:
        return [
            BoundCertificate(**dict(r))
            for r in self.query(
                "SELECT * FROM certificates WHERE identifier = ? ORDER BY first_seen, sha256",
                identifier,
            )
        ]

    @staticmethod
    def _insert_certificate(db: sqlite3.Connection, cert: BoundCertificate) -> None:
        db.execute(
            "INSERT INTO certificates VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cert.sha256,
                cert.identifier,
                cert.serial,
                cert.issuer,
                cert.not_before,
                cert.not_after,
                cert.first_seen,
                cert.last_used,
            ),
        )

    def open_session(self, session: PortalSession, certificate: BoundCertificate) -> bool:
        """Record the login: bind the certificate if new (a renewal), update last use, open the
        session. Returns True when the certificate was new."""
        with self.transaction() as db:
            known = db.execute(
                "SELECT 1 FROM certificates WHERE sha256 = ?", (certificate.sha256,)
            ).fetchone()
            if known:
                db.execute(
                    "UPDATE certificates SET last_used = ? WHERE sha256 = ?",
                    (certificate.last_used, certificate.sha256),
                )
            else:
                self._insert_certificate(db, certificate)
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, NULL)",
                (session.id, session.identifier, session.display_name, session.created_at),
            )
            return not known

    def session(self, session_id: str) -> PortalSession | None:
        rows = self.query("SELECT * FROM sessions WHERE id = ?", session_id)
        return PortalSession(**dict(rows[0])) if rows else None

    def end_session(self, session_id: str, now: datetime) -> bool:
        with self.transaction() as db:
            done = db.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                (now.isoformat(), session_id),
            )
            return done.rowcount == 1
