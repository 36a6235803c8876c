"""``dprk-troops dashboard``: the three notebooks as apps, served by Voila 0.5.

``Dashboard`` is Voila's own application with its routes narrowed and a few added:
- ``/``: the landing page, each app with its question and summary (from its definition);
- ``/<stem>``: an app by name (``/01_cost_vs_revenue?troops=5000``), redirected to Voila's
  page for it with the query string kept;
- ``/voila/render/<stem>.ipynb``: the three notebooks and nothing else; at most
  ``max_sessions`` visitors' kernels at once, a page that says so beyond that;
- Voila's kernel API for the page's own kernel, its static files, its login page.

Gone: Voila's file tree and contents API, and its file downloads. Every page and the
kernel API need the token (or the password); the static files (Voila's JavaScript and
styles) do not. The preheated kernels' request for their query string is answered only
on this machine's own addresses. Ctrl-C or SIGTERM stops the server and every kernel it
started, at once (``shutdown_all(now=True)``: the apps keep no state worth a grace).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import webbrowser
from pathlib import Path
from typing import Any

from .. import paths
from ..workbook import NOTEBOOKS
from .settings import DEFAULT_PORT, Options, choose_port, exposure_problem, url, voila_argv

__all__ = ["SHARE_DIR", "TEMPLATES_DIR", "add_parser", "cmd_dashboard", "pooled_kernel_ids",
           "serve", "visitor_kernels"]

#: The Voila template ``dprk-troops`` (a Jupyter data folder, put on ``JUPYTER_PATH``).
SHARE_DIR = Path(__file__).resolve().parent / "share"
#: The landing page and the "every place taken" page.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def pooled_kernel_ids(km: Any) -> set[str]:
    """The kernels Voila holds ready in its pools (started, no visitor yet)."""
    ids = set()
    for pool in getattr(km, "_pools", {}).values():
        for task in pool:
            if task.done() and not task.cancelled() and task.exception() is None:
                ids.add(task.result()["kernel_id"])
    return ids


def visitor_kernels(km: Any) -> set[str]:
    """The running kernels that serve a visitor (every kernel but the pools')."""
    return set(km.list_kernel_ids()) - pooled_kernel_ids(km)


def _apps() -> list[dict[str, str]]:
    return [{"stem": d.stem, "number": d.number, "title": d.title, "question": d.question,
             "summary": d.summary} for d in NOTEBOOKS.values()]


def _page(name: str, **context: Any) -> str:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    return env.get_template(name).render(**context)


def _dashboard_app() -> Any:
    """The ``Dashboard`` application class (built on first use: it imports Voila)."""
    from jupyter_server.base.handlers import JupyterHandler
    from tornado import web
    from traitlets import Integer
    from voila.app import Voila
    from voila.request_info_handler import RequestInfoSocketHandler
    from voila.static_file_handler import AllowListFileHandler
    from voila.tornado.contentshandler import VoilaContentsHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    from .settings import is_loopback

    class LandingHandler(JupyterHandler):
        """The list of apps."""

        @web.authenticated
        def get(self) -> None:
            app = self.settings["dprk_dashboard"]
            self.finish(_page("landing.html.j2", apps=_apps(), base_url=self.base_url,
                              in_use=len(visitor_kernels(self.kernel_manager)),
                              max_sessions=app.max_sessions,
                              idle_minutes=round(app.cull_idle / 60)))

    class AppLinkHandler(JupyterHandler):
        """``/<stem>?...``: Voila's page of that app, with the same query string."""

        @web.authenticated
        def get(self, stem: str) -> None:
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(f"{self.base_url}voila/render/{stem}.ipynb{query}")

    class AppHandler(TornadoVoilaHandler):
        """Voila's page of an app, while fewer than ``max_sessions`` visitors run one."""

        @web.authenticated
        async def get(self, path: str | None = None) -> None:
            app = self.settings["dprk_dashboard"]
            if len(visitor_kernels(self.kernel_manager)) + app.pending >= app.max_sessions:
                self.set_status(503)
                self.set_header("Retry-After", "60")
                self.finish(_page("full.html.j2", base_url=self.base_url,
                                  max_sessions=app.max_sessions,
                                  idle_minutes=round(app.cull_idle / 60)))
                return
            app.pending += 1  # until its kernel runs (then it counts as a visitor's)
            held = True
            try:
                async with app.rendering:
                    async for html in self.get_generator(path=path):
                        if held:
                            app.pending, held = app.pending - 1, False
                        self.write(html)
                        self.flush()
            finally:
                if held:
                    app.pending -= 1

    class QueryHandler(RequestInfoSocketHandler):
        """Voila's answer to a preheated kernel asking for its page's query string: only
        to a kernel on this machine (it has no token to show)."""

        async def get(self, *args: Any, **kwargs: Any) -> None:
            ip = self.request.remote_ip or ""
            if not (is_loopback(ip) or ip == self.settings["dprk_dashboard"].ip):
                raise web.HTTPError(403)
            await super().get(*args, **kwargs)

        def open(self, kernel_id: str) -> None:  # type: ignore[override]
            super().open(kernel_id)
            self.settings["dprk_dashboard"].log.info(
                "Preheated kernel %s has run its app up to the panel", kernel_id)

    removed = (TornadoVoilaTreeHandler, VoilaContentsHandler, AllowListFileHandler,
               TornadoVoilaHandler, RequestInfoSocketHandler)

    class Dashboard(Voila):
        """Voila with a landing page, apps by name, a cap on sessions, and a quick stop."""

        max_sessions = Integer(10, config=True,
                               help="Visitors' kernels running at once, at most.")
        pending = 0

        @property
        def rendering(self) -> asyncio.Semaphore:
            """Pages whose cells run at once, at most one per core: ten visitors arriving
            together on two cores otherwise starve each other's kernels, and a page whose
            kernel answers its widget manager too slowly (ipywidgets waits 4 s) shows
            "Error displaying widget" instead of its panel."""
            if not hasattr(self, "_rendering"):
                self._rendering = asyncio.Semaphore(max(1, os.cpu_count() or 1))
            return self._rendering

        @property
        def cull_idle(self) -> int:
            return int(self.kernel_manager.cull_idle_timeout)

        def init_settings(self) -> dict:
            settings = super().init_settings()
            settings["dprk_dashboard"] = self
            return settings

        def init_handlers(self) -> list:
            from jupyter_server.utils import url_path_join as join

            handlers = super().init_handlers()
            render = next(h for h in handlers if h[1] is TornadoVoilaHandler)
            query = next((h for h in handlers if h[1] is RequestInfoSocketHandler), None)
            kept = [h for h in handlers if h[1] not in removed]
            names = "|".join(NOTEBOOKS)
            kept += [(self.server_url, LandingHandler),
                     (join(self.server_url, rf"/({names})"), AppLinkHandler),
                     (join(self.server_url, rf"/voila/render/((?:{names})\.ipynb)"),
                      AppHandler, render[2])]
            if query is not None:
                kept.append((query[0], QueryHandler))
            return kept

        def stop(self) -> None:
            import shutil

            from jupyter_core.utils import run_sync

            shutil.rmtree(self.connection_dir, ignore_errors=True)
            run_sync(self.kernel_manager.shutdown_all)(now=True)

    return Dashboard


def serve(options: Options, notebooks: Path = paths.NOTEBOOKS_DIR) -> None:
    """Serve the apps until Ctrl-C or SIGTERM; print the address with its token."""
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(SHARE_DIR), os.environ.get("JUPYTER_PATH", "")) if p)
    # A preheated kernel asks this address for its page's query string.
    os.environ["VOILA_APP_IP"] = "127.0.0.1" if options.ip in ("0.0.0.0", "::", "") \
        else options.ip
    app_class = _dashboard_app()
    app = app_class.instance()
    app.initialize(voila_argv(options, notebooks))

    def announce() -> None:
        address = url(options)
        print(f"\n    The dashboard is running. Open this address in a browser:\n"
              f"        {address}\n    Stop it with Ctrl-C.\n", flush=True)
        if options.open_browser:
            threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()

    from tornado.ioloop import IOLoop

    IOLoop.current().add_callback(announce)
    app.start()


def add_parser(sub: Any) -> None:
    """The ``dashboard`` command's options."""
    p = sub.add_parser(
        "dashboard", help="serve the notebooks as apps (Voila) for people who do not code",
        description="Serve the three notebooks as apps with Voila: code hidden, a landing "
                    "page, a random token, preheated kernels. Ctrl-C stops it.")
    p.add_argument("--port", type=int, default=None, metavar="N",
                   help=f"port (default: {DEFAULT_PORT}, or the next free one)")
    p.add_argument("--ip", default="127.0.0.1", metavar="ADDR",
                   help="address to listen on (default: 127.0.0.1, this machine only); any "
                        "other needs a token or a password")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--token", default=None, metavar="TOKEN",
                   help="the token to log in with (default: a random one; '' for none, "
                        "on 127.0.0.1 only); also $DPRK_TROOPS_DASHBOARD_TOKEN")
    p.add_argument("--password-hash", default="", metavar="HASH",
                   help="a hashed password to log in with (from "
                        "`python -c 'from jupyter_server.auth import passwd; print(passwd())'`)")
    p.add_argument("--base-url", default="/", metavar="PATH",
                   help="the path the apps live under, behind a reverse proxy (default: /)")
    p.add_argument("--pool", type=int, default=1, metavar="N",
                   help="preheated kernels kept ready per app (default: 1; 0: none)")
    p.add_argument("--max-sessions", type=int, default=10, metavar="N",
                   help="visitors' kernels running at once, at most (default: 10)")
    p.add_argument("--idle-minutes", type=float, default=15, metavar="M",
                   help="stop a visitor's kernel after this long without activity "
                        "(default: 15)")


def options_from(args: argparse.Namespace) -> Options:
    """The command line's options, the token drawn at random unless given."""
    import secrets

    token = args.token if args.token is not None else os.environ.get(
        "DPRK_TROOPS_DASHBOARD_TOKEN", secrets.token_hex(24))
    return Options(ip=args.ip, port=args.port or DEFAULT_PORT, token=token,
                   password=args.password_hash, base_url=args.base_url, pool=args.pool,
                   max_sessions=args.max_sessions, cull_idle=round(args.idle_minutes * 60),
                   open_browser=not args.no_browser)


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Check the options (one line and exit 2 when bad), then serve until stopped."""
    options = options_from(args)
    problem = exposure_problem(options)
    if problem is None:
        port = choose_port(options.ip, options.port, explicit=args.port is not None)
        if port is None:
            problem = (f"dashboard: port {options.port} on {options.ip} is in use (or not "
                       f"this machine's): choose another with --port")
        else:
            from dataclasses import replace

            options = replace(options, port=port)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    serve(options)
    return 0
