"""JupyterHub for a dvcedu class on one machine — the configuration `make classroom-test` runs.

Every learner is a system user with a home of their own; their JupyterLab runs as them
(LocalProcessSpawner), so no learner can read, use or lock another's training token. On first
start the hub creates the user, copies the course into their home and makes their training
token (`dvcedu token init --if-missing`, as the learner). Learners log in with one shared
password for the day (JupyterHub's SharedPasswordAuthenticator); the trainer is the hub's admin
with a password of their own, and resets a learner's token and portal account from a notebook
or a terminal (`dvcedu classroom reset`), through the hub's API and the learner's own server.

Set by environment variables (the defaults are the test's):

    DVCEDU_CLASSROOM_ENV        the Python environment with dvcedu and JupyterHub, readable by
                                every learner (default /opt/dvcedu-classroom)
    DVCEDU_CLASSROOM_COURSE     the folder copied into each new home (default: notebooks/)
    DVCEDU_CLASSROOM_BIND       the hub's address for browsers (default http://127.0.0.1:8080;
                                http://0.0.0.0:8080 for a class, behind TLS)
    DVCEDU_CLASSROOM_HUB_BIND   the hub's own API, for the proxy and the servers on this
                                machine (default http://127.0.0.1:8089)
    DVCEDU_CLASSROOM_STATE      where the hub keeps its database and cookie secret
    DVCEDU_CLASSROOM_PASSWORD   the learners' shared password (required)
    DVCEDU_CLASSROOM_ADMIN      the trainer's user name (default: trainer)
    DVCEDU_CLASSROOM_ADMIN_PASSWORD   the trainer's password (required, 32+ characters)
    DVCEDU_CLASSROOM_USER_PREFIX      learners' names must start with it (default: none)
    DVCEDU_CLASSROOM_MEMORY_MIB the data limit (RLIMIT_DATA, per process) of a learner's
                                server and each of their kernels, in MiB (default 1536;
                                sized in docs/classroom.md)
    DVCEDU_CLASSROOM_API_TOKEN  optional: an admin API token for scripts (the load test)
    DVCEDU_LANG                 en: learners' JupyterLab opens the English edition
    DVCEDU_PUBLIC_HOSTS         the host names learners type to reach the hub (comma-separated,
                                e.g. hoc.example.vn): the practice services answer to them
                                through Jupyter's proxy and refuse any other (DNS rebinding);
                                default: the host of DVCEDU_CLASSROOM_BIND, or any name when
                                that is 0.0.0.0
                                (notebooks/en/00_introduction.ipynb)
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from hooks import first_start, proxy_command, server_scopes  # noqa: E402

c = get_config()  # noqa: F821 - JupyterHub's config loader provides it

env = Path(os.environ.get("DVCEDU_CLASSROOM_ENV", "/opt/dvcedu-classroom"))
state = Path(os.environ.get("DVCEDU_CLASSROOM_STATE", HERE / "state"))
state.mkdir(parents=True, exist_ok=True, mode=0o700)
admin = os.environ.get("DVCEDU_CLASSROOM_ADMIN", "trainer")
memory_mib = int(os.environ.get("DVCEDU_CLASSROOM_MEMORY_MIB", "1536"))

c.JupyterHub.bind_url = os.environ.get("DVCEDU_CLASSROOM_BIND", "http://127.0.0.1:8080")
bind_host = urlsplit(c.JupyterHub.bind_url).hostname or ""
public_hosts = os.environ.get(
    "DVCEDU_PUBLIC_HOSTS", "" if bind_host in ("0.0.0.0", "::") else bind_host
)
c.JupyterHub.hub_bind_url = os.environ.get("DVCEDU_CLASSROOM_HUB_BIND", "http://127.0.0.1:8089")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.ConfigurableHTTPProxy.command = proxy_command(HERE)

# --- who logs in --------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["DVCEDU_CLASSROOM_PASSWORD"]
c.SharedPasswordAuthenticator.admin_password = os.environ["DVCEDU_CLASSROOM_ADMIN_PASSWORD"]
c.Authenticator.admin_users = {admin}
c.Authenticator.allow_all = True
# names that are also safe Linux account names (a letter first), under the run's prefix if any
prefix = os.environ.get("DVCEDU_CLASSROOM_USER_PREFIX", "")
c.Authenticator.username_pattern = (
    f"^{prefix}[a-z0-9_-]{{1,24}}$" if prefix else r"^[a-z][a-z0-9_-]{0,31}$"
)
services = [
    {
        "name": "idle-culler",
        "command": [
            str(env / "bin" / "python"),
            "-m",
            "jupyterhub_idle_culler",
            "--timeout=3600",
            "--cull-every=300",
        ],
    }
]
roles = [
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }
]
if os.environ.get("DVCEDU_CLASSROOM_API_TOKEN"):
    # scripts that act for the trainer: the load test, the pre-class check
    services.append(
        {"name": "dvcedu-trainer-tools", "api_token": os.environ["DVCEDU_CLASSROOM_API_TOKEN"]}
    )
    roles.append(
        {
            "name": "dvcedu-trainer-tools",
            "services": ["dvcedu-trainer-tools"],
            "scopes": [
                "admin:users",
                "admin:servers",
                "access:servers",
                "list:users",
                "read:users",
                "tokens",
            ],
        }
    )
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles

# --- each learner's own server ------------------------------------------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
# the shell sets the limit, then becomes the server; kernels inherit it
c.Spawner.cmd = [
    "sh",
    "-c",
    f'ulimit -d {memory_mib * 1024} && exec "$@"',
    "sh",
    str(env / "bin" / "jupyterhub-singleuser"),
]
c.Spawner.default_url = (
    "/lab/tree/notebooks/en/00_introduction.ipynb"  # an English class
    if os.environ.get("DVCEDU_LANG") == "en"
    else "/lab/tree/notebooks/00_gioi_thieu.ipynb"
)
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "PATH": f"{env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "MEM_LIMIT": str(memory_mib * 1024 * 1024),
    # the class's language for `dvcedu` in learners' terminals
    "DVCEDU_LANG": os.environ.get("DVCEDU_LANG", "vi"),
}
if public_hosts:  # else dvcedu answers any name on a hub (see dvcedu.web.practice.public_hosts)
    c.Spawner.environment["DVCEDU_PUBLIC_HOSTS"] = public_hosts
c.Spawner.args = [
    # idle kernels are shut down after 20 minutes (a learner's nine open notebooks would hold
    # about 1 GiB); an idle server after an hour, by the culler below
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=True",
]
c.Spawner.server_token_scopes = server_scopes
c.Spawner.pre_spawn_hook = first_start(
    env=env, course=Path(os.environ.get("DVCEDU_CLASSROOM_COURSE", HERE.parent / "notebooks"))
)
