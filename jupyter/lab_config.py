"""JupyterLab server settings for the course; ``scripts/lab`` passes this file.

The terminal: Jupyter starts a *login* shell whenever its own output is not a terminal (a
hub, a service, a test), and a login shell reads /etc/profile, which resets PATH — so
``dvcedu`` was "command not found" in Lab's terminal although the docs say to run it there.
For bash we load the learner's usual start-up files ourselves, then put the course's venv
first (``terminal-rc.sh``); other shells start without ``-l`` and keep the PATH Lab has.
"""

import os
import shutil
from pathlib import Path

c = get_config()  # noqa: F821 - defined by Jupyter when it reads this file

shell = os.environ.get("SHELL") or shutil.which("bash") or "sh"
if Path(shell).name == "bash":
    rc = str(Path(__file__).with_name("terminal-rc.sh"))
    c.ServerApp.terminado_settings = {"shell_command": [shell, "--rcfile", rc, "-i"]}
else:
    c.ServerApp.terminado_settings = {"shell_command": [shell]}
