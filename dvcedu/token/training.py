"""The training token's name and PINs (stdlib only, so the CLI can show them in its help
without loading PyKCS11)."""

DEFAULT_LABEL = "DVCEDU-TRAINING"
"""Label of the learner's training token."""

TRAINING_PIN = "12345678"
"""Training-only user PIN of SoftHSM2 tokens (the default many real tokens ship with, which
vendors ask users to change). Never a real token's PIN."""

TRAINING_SO_PIN = "87654321"
"""Training-only SO (security officer) PIN, used to unlock a locked training token."""
