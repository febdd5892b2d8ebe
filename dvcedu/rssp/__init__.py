"""Remote signing (ký số từ xa): a training remote-signing service on the Cloud Signature
Consortium API, its key in an "HSM" of its own (a SoftHSM2 token), approved on a phone.

The ceremony, as the CSC API v1 names its calls (``/csc/v1/…``, the paths pyHanko's client
calls) and as VNPT SmartCA and Viettel MySign most likely run it: their "… RS" subordinate CAs
chain to the national root [confirmed: real certificates]; how their apps show a transaction,
and their own APIs, are not public [unconfirmed]:

1. ``credentials/list``, ``credentials/info``: which credential, its certificate chain, the
   algorithms its key signs with, and ``SCAL`` 2 — a SAD is bound to the hashes it was asked
   for;
2. the client hashes what it signs (the signed attributes of a PDF's CMS) and sends only the
   hash with ``credentials/authorize``; the call waits while the signer's **phone** shows the
   transaction and the signer approves it (:class:`service.RemoteSigning.answer`);
3. the service answers a **SAD** (Signature Activation Data): for that credential, those
   hashes, once, for ``SAD_TTL``;
4. ``signatures/signHash`` with the SAD and the hash: the HSM signs the DigestInfo of the hash.
   The document never leaves the client; the key never leaves the HSM.
"""

from __future__ import annotations

from dvcedu.rssp.service import (
    APPROVAL_TTL,
    SAD_TTL,
    Credential,
    Grant,
    RemoteSigning,
    Step,
    Transaction,
)

__all__ = [
    "APPROVAL_TTL",
    "SAD_TTL",
    "Credential",
    "Grant",
    "RemoteSigning",
    "Step",
    "Transaction",
]
