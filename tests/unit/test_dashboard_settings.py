"""The dashboard's settings (``dashboard.settings``) and the kernel side of its apps
(``dashboard.panel``): secure defaults, the Voila command line they make, the port, and a
panel opened on a link's values."""

from __future__ import annotations

import socket

import pytest
from dprk_troops import paths
from dprk_troops.dashboard import panel as app
from dprk_troops.dashboard.settings import (
    Options,
    choose_port,
    exposure_problem,
    is_loopback,
    url,
    voila_argv,
)


@pytest.mark.parametrize(("ip", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("10.0.0.5", False), ("::", False), ("example.org", False),
])
def test_loopback(ip: str, loopback: bool) -> None:
    assert is_loopback(ip) is loopback


def test_another_address_needs_a_token_or_a_password() -> None:
    assert exposure_problem(Options(ip="127.0.0.1", token="")) is None
    assert exposure_problem(Options(ip="0.0.0.0", token="t")) is None
    assert exposure_problem(Options(ip="0.0.0.0", token="", password="argon2:x")) is None
    problem = exposure_problem(Options(ip="0.0.0.0", token=""))
    assert problem == ("dashboard: --ip 0.0.0.0 serves other machines, so it needs a token "
                       "or a password: drop --token '' or give --password-hash")


@pytest.mark.parametrize(("options", "words"), [
    (Options(pool=-1), "--pool: expected a number >= 0, got -1"),
    (Options(max_sessions=-2), "--max-sessions: expected a number >= 0, got -2"),
    (Options(base_url="apps"), "--base-url: expected a path that starts and ends with '/'"),
])
def test_bad_settings_are_one_line(options: Options, words: str) -> None:
    assert words in (exposure_problem(options) or "")


def test_the_voila_command_line_is_secure_by_default() -> None:
    argv = voila_argv(Options(token="abc", pool=2, max_sessions=7, cull_idle=900),
                      paths.NOTEBOOKS_DIR)
    assert argv[-1] == str(paths.NOTEBOOKS_DIR)
    for setting in ["--Voila.token=abc", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
                    "--Voila.open_browser=False",
                    "--VoilaConfiguration.template=dprk-troops",
                    "--VoilaConfiguration.allow_template_override=NO",
                    "--VoilaConfiguration.allow_theme_override=NO",
                    "--VoilaConfiguration.strip_sources=True",
                    "--VoilaConfiguration.show_tracebacks=False",
                    "--VoilaConfiguration.preheat_kernel=True",
                    "--VoilaConfiguration.default_pool_size=2",
                    "--MappingKernelManager.cull_idle_timeout=900",
                    "--MappingKernelManager.cull_connected=True",
                    "--KernelRestarter.restart_limit=0",
                    "--Dashboard.max_sessions=7"]:
        assert setting in argv
    no_pool = voila_argv(Options(pool=0), paths.NOTEBOOKS_DIR)
    assert "--VoilaConfiguration.preheat_kernel=False" in no_pool


def test_the_address_is_printed_with_its_token() -> None:
    assert url(Options(port=8866, token="abc")) == "http://127.0.0.1:8866/?token=abc"
    assert url(Options(ip="0.0.0.0", port=9000, base_url="/dprk/", token="t")) == \
        "http://127.0.0.1:9000/dprk/?token=t"
    assert url(Options(token="")) == "http://127.0.0.1:8866/"


def test_a_port_in_use_is_refused_when_asked_for_and_skipped_otherwise() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert choose_port("127.0.0.1", taken, explicit=True) is None
        chosen = choose_port("127.0.0.1", taken, explicit=False)
        assert chosen is not None and chosen > taken


def test_only_voila_kernels_read_a_query_string() -> None:
    assert app.query_string({"QUERY_STRING": "troops=1"}) == ""  # not under Voila
    assert app.query_string({"VOILA_PREHEAT": "False", "QUERY_STRING": "troops=1"}) == \
        "troops=1"
    assert app.in_voila({"VOILA_KERNEL_ID": "k"}) and not app.in_voila({})


def _update(**values):
    return [("Soldiers", f"{values['troops']:,}")], _chart()


def _chart():
    import altair as alt
    import pandas as pd

    return alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x")


def test_the_panel_opens_on_the_links_values(monkeypatch) -> None:
    from dprk_troops.present import views

    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "troops=60000&months=24&regime_share=abc")
    controls = views.lab_controls("01", {"troops": 12750, "months": 12, "regime_share": 1.0},
                                  ["troops", "months", "regime_share"])
    box = app.app_panel("01", controls, _update)
    note, _panel, share = box.children
    assert controls["troops"].value == 60000 and controls["troops"].max == 60000  # widened
    assert controls["months"].value == 24 and controls["regime_share"].value == 1.0
    assert "The link&#x27;s regime_share: expected a number from 0 to 1" in note.value
    assert "troops=60000&amp;months=24&amp;regime_share=1" in share.value
    controls["months"].value = 6
    assert "months=6" in share.value  # the link follows the controls


def test_without_voila_the_panel_has_no_link_but_saves_a_scenario(monkeypatch) -> None:
    from dprk_troops.present import views

    for name in ("VOILA_PREHEAT", "VOILA_KERNEL_ID", "QUERY_STRING"):
        monkeypatch.delenv(name, raising=False)
    controls = views.lab_controls("01", {"troops": 12750}, ["troops"])
    panel, share = app.app_panel("01", controls, _update).children
    assert "Link to this view" not in share.value and "Save as scenario" in share.value
    assert "dprk-panel" in panel._dom_classes
