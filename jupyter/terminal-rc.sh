# The JupyterLab terminal of the course (see lab_config.py): what a login shell would load,
# the learner's own ~/.bashrc, then the course's venv first on PATH so `dvcedu` works.
[ -r /etc/profile ] && . /etc/profile
[ -r "$HOME/.bashrc" ] && . "$HOME/.bashrc"
[ -n "${DVCEDU_VENV_BIN:-}" ] && export PATH="$DVCEDU_VENV_BIN:$PATH"
