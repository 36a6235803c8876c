"""The dashboard's settings, and the Voila configuration they make: pure functions.

Secure by default, and each choice here is checked by a test:
- a random token unless one is given; on an address other than the loopback, no start
  without a token or a password (``exposure_problem``);
- only the notebooks' folder is served, each app by name; no file browser, no terminal,
  no file downloads; Voila's kernels accept only widget messages, never code
  (``allowed_message_types``, Voila's own default, checked by a test); the template and
  theme cannot be swapped by the query string;
- kernels idle for ``cull_idle`` seconds are culled (an open tab too), at most
  ``max_sessions`` visitors' kernels run at once; a kernel that dies is not restarted
  (a fresh kernel without the notebook's state would leave a dead panel), so its page
  says that it stopped;
- ``pool`` preheated kernels per app, ready with every cell above the panel run.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_PORT", "Options", "choose_port", "exposure_problem", "is_loopback",
           "url", "voila_argv"]

DEFAULT_PORT = 8866
#: Extensions of the lab page that an app page loads: the widgets and Voila's manager of
#: them (the others installed beside JupyterLab, such as jupytext or nbgrader, fail
#: outside JupyterLab and would log errors in every app page).
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8")


@dataclass(frozen=True)
class Options:
    """How the dashboard serves its apps (the command line's options)."""

    ip: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    token: str = ""
    #: A hashed password (``jupyter_server.auth.passwd``); empty: none.
    password: str = ""
    base_url: str = "/"
    #: Preheated kernels kept ready per app.
    pool: int = 1
    #: Visitors' kernels running at once, at most (the pool's are not counted).
    max_sessions: int = 10
    #: Seconds without any activity after which a visitor's kernel is culled.
    cull_idle: int = 15 * 60
    open_browser: bool = True


def is_loopback(ip: str) -> bool:
    """Whether ``ip`` (an address or 'localhost') is reachable from this machine only."""
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def exposure_problem(options: Options) -> str | None:
    """Why the dashboard must not start with these options, in one line; None if it may."""
    if not is_loopback(options.ip) and not options.token and not options.password:
        return (f"dashboard: --ip {options.ip} serves other machines, so it needs a token or "
                f"a password: drop --token '' or give --password-hash")
    for name in ("pool", "max_sessions", "cull_idle"):
        if getattr(options, name) < 0:
            return f"dashboard: --{name.replace('_', '-')}: expected a number >= 0, got " \
                   f"{getattr(options, name)}"
    if not options.base_url.startswith("/") or not options.base_url.endswith("/"):
        return f"dashboard: --base-url: expected a path that starts and ends with '/', got " \
               f"{options.base_url!r}"
    return None


def _free(ip: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado binds
        try:
            sock.bind((ip, port))
        except OSError:
            return False
    return True


def choose_port(ip: str, preferred: int, explicit: bool, tries: int = 50) -> int | None:
    """The port to serve on: ``preferred`` if it is free; when it was not asked for
    explicitly, the next free one after it (as Jupyter does); None if there is none."""
    candidates = [preferred] if explicit else range(preferred, preferred + tries)
    return next((p for p in candidates if _free(ip, p)), None)


def url(options: Options, with_token: bool = True) -> str:
    """The landing page's address, with the token as JupyterLab prints it."""
    host = "127.0.0.1" if options.ip in ("", "0.0.0.0", "::") else options.ip
    host = f"[{host}]" if ":" in host else host
    query = f"?token={options.token}" if with_token and options.token else ""
    return f"http://{host}:{options.port}{options.base_url}{query}"


def voila_argv(options: Options, notebooks: Path) -> list[str]:
    """The Voila command line (traitlets options) for ``options``, serving ``notebooks``.

    Given on the command line, these take precedence over any ``voila.json`` or
    ``jupyter_server_config`` file of the user's.
    """
    settings: dict[str, object] = {
        "Voila.ip": options.ip,
        "Voila.port": options.port,
        "Voila.port_retries": 0,
        "Voila.base_url": options.base_url,
        "Voila.open_browser": False,
        "Voila.token": options.token,
        "PasswordIdentityProvider.hashed_password": options.password,
        "VoilaConfiguration.template": "dprk-troops",
        "VoilaConfiguration.theme": "light",
        "VoilaConfiguration.allow_template_override": "NO",
        "VoilaConfiguration.allow_theme_override": "NO",
        "VoilaConfiguration.strip_sources": True,
        "VoilaConfiguration.show_tracebacks": False,
        "VoilaConfiguration.preheat_kernel": options.pool > 0,
        "VoilaConfiguration.default_pool_size": options.pool,
        "MappingKernelManager.cull_idle_timeout": options.cull_idle,
        "MappingKernelManager.cull_interval": min(60, max(options.cull_idle // 4, 1)),
        "MappingKernelManager.cull_connected": True,
        "KernelRestarter.restart_limit": 0,
        "Dashboard.max_sessions": options.max_sessions,
    }
    argv = [f"--{key}={value}" for key, value in settings.items()]
    argv += [f"--VoilaConfiguration.extension_allowlist={name}" for name in EXTENSIONS]
    return [*argv, str(notebooks)]
