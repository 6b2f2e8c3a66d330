"""mockserver as a throwaway container for a test suite, on `testcontainers` (optional extra:
`pip install 'mockserver[container]'`).

    with MockserverContainer("mockserver:latest", admin_token="secret") as sandbox:
        workspace = sandbox.admin().create_workspace()
        fakturan = workspace.client("fakturan")

`start()` returns once `/_admin/health` answers, so the first request never races the start-up.
"""

from __future__ import annotations

import time

import httpx

try:
    from testcontainers.core.container import DockerContainer
except ImportError as missing:  # pragma: no cover - depends on the extra
    raise ImportError(
        "mockserver.testing.container needs testcontainers: pip install 'mockserver[container]'"
    ) from missing

from mockserver.testing.client import ControlPlane

PORT = 8080


class MockserverContainer(DockerContainer):
    """The mockserver image, with MOCKSERVER_* settings given as keyword arguments."""

    def __init__(
        self,
        image: str = "mockserver:latest",
        *,
        admin_token: str | None = None,
        seed: int | None = None,
        startup_timeout: float = 30.0,
        **settings: str,
    ) -> None:
        super().__init__(image)
        self.admin_token = admin_token
        self.startup_timeout = startup_timeout
        self.with_exposed_ports(PORT)
        self.with_env("MOCKSERVER_PORT", str(PORT))
        if admin_token:
            self.with_env("MOCKSERVER_ADMIN_TOKEN", admin_token)
        if seed is not None:
            self.with_env("MOCKSERVER_SEED", str(seed))
        for name, value in settings.items():
            self.with_env("MOCKSERVER_" + name.upper(), str(value))

    @property
    def url(self) -> str:
        return f"http://{self.get_container_host_ip()}:{self.get_exposed_port(PORT)}"

    def start(self) -> MockserverContainer:
        super().start()
        deadline = time.monotonic() + self.startup_timeout
        while True:
            try:
                if httpx.get(self.url + "/_admin/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                logs = b"".join(part or b"" for part in self.get_logs()).decode(errors="replace")
                self.stop()
                raise TimeoutError(f"mockserver did not become healthy in {self.startup_timeout} s:\n{logs}")
            time.sleep(0.2)

    def admin(self) -> ControlPlane:
        """The control plane, with this container's admin token."""
        return ControlPlane(self.url, token=self.admin_token or "")
