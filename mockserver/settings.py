"""Server settings: every flag of `mockserver serve` and its MOCKSERVER_* environment twin."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime

from mockserver.core.clock import today_midnight_utc


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    seed: int = 0
    scenario: list[str] = field(default_factory=list)
    state_file: str | None = None
    state_write_delay: float = 1.0
    clock_start: datetime = field(default_factory=today_midnight_utc)
    admin_token: str | None = None
    provider_port: list[str] = field(default_factory=list)
    journal_size: int = 1000
    journal_body_limit: int = 64 * 1024
    journal_bytes: int = 32 * 1024 * 1024
    workspace_idle_timeout: float = 0.0
    journal_show_secrets: bool = False
    max_workspaces: int = 1000
    max_body_bytes: int = 10 * 1024 * 1024
    access_log: bool = False
    log_format: str = "text"
    timeout_hold: float = 30.0
    body_timeout: float = 30.0

    @property
    def loopback_only(self) -> bool:
        """Whether the server listens on loopback only, where the control plane needs no token."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def provider_ports(self) -> dict[str, int]:
        """`--provider-port conta=8081` entries as {"conta": 8081}."""
        ports = {}
        for item in self.provider_port:
            name, _, port = item.partition("=")
            if not name or not port.isdigit():
                raise ValueError(f"--provider-port takes NAME=PORT, got {item!r}")
            ports[name] = int(port)
        return ports
