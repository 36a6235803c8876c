"""The dashboard culls a visitor's idle kernel and frees its place: a server of its own
with the idle time cut to 3 seconds (``--idle-minutes 0.05``), no pool, one place."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from dashboard_server import Dashboard, kernel_of, running_dashboard

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    try:
        with running_dashboard(tmp_path_factory.mktemp("dashboard-culling"), "--pool", "0",
                               "--max-sessions", "1", "--idle-minutes", "0.05") as server:
            yield server
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


def test_an_idle_kernel_is_culled_and_its_place_freed(dashboard: Dashboard) -> None:
    app = "voila/render/02_troop_comparisons.ipynb"
    status, _, body = dashboard.get(app, dashboard.token)
    assert status == 200
    kernel = kernel_of(body)
    assert dashboard.get(app, dashboard.token)[0] == 503  # its one place is taken
    deadline = time.monotonic() + 60
    while dashboard.get(f"api/kernels/{kernel}", dashboard.token)[0] != 404:
        assert time.monotonic() < deadline, "the idle kernel was not culled within 60 s"
        time.sleep(0.5)
    assert f"Culling 'idle' kernel 'python3' ({kernel})" in dashboard.log.read_text()
    status, _, body = dashboard.get(app, dashboard.token)  # the place is free again
    assert status == 200
    dashboard.delete_kernel(kernel_of(body))
