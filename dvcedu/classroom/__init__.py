"""The classroom hub, from the trainer's side: JupyterHub's REST API and each learner's own
Jupyter server, driven as the trainer (an admin) — start a learner's server, run code in a
kernel there (as that learner, in their home), reset their token, check every learner before
the class. The hub's own configuration lives in ``classroom/`` at the project's root."""
