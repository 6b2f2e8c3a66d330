"""The `mockserver` command: `serve` starts the sandbox; `scenarios check` validates a file."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import secrets
import signal
import socket
import sys

from mockserver import __version__
from mockserver.core.clock import RANGE, clock_instant
from mockserver.core.logs import FORMATS, configure
from mockserver.settings import Settings


class UsageError(Exception):
    """A flag or environment value out of range; printed as one line, exit status 2."""


def _integer(low: int, high: int | None = None):
    allowed = f"an integer from {low} to {high}" if high is not None else f"an integer, {low} or more"

    def check(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"must be {allowed}") from None
        if value < low or (high is not None and value > high):
            raise ValueError(f"must be {allowed}")
        return value

    return check


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError("must be a number of seconds, 0 or more") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError("must be a number of seconds, 0 or more")
    return value


def _instant(raw: str):
    try:
        return clock_instant(raw)
    except ValueError:
        raise ValueError(f"must be an ISO 8601 instant {RANGE} such as 2026-01-31T00:00:00Z") from None


def _text(raw: str) -> str:
    if not raw:
        raise ValueError("must not be empty")
    return raw


def _provider_port(raw: str) -> str:
    name, _, port = raw.partition("=")
    try:
        if not name:
            raise ValueError
        _integer(0, 65535)(port)
    except ValueError:
        raise ValueError("takes NAME=PORT with PORT from 0 to 65535, such as fakturan=8081") from None
    return raw


def _log_format(raw: str) -> str:
    if raw not in FORMATS:
        raise ValueError(f"must be one of {', '.join(FORMATS)}")
    return raw


def _switch(raw: str) -> bool:
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("must be one of 1, true, yes, on, 0, false, no, off")


# (flag, check, kind, help); every flag also reads MOCKSERVER_<FLAG> from the environment.
SERVE_FLAGS = [
    ("host", _text, "value", "address to listen on (default 127.0.0.1)"),
    ("port", _integer(0, 65535), "value", "port to listen on; 0 picks a free one (default 8080)"),
    ("seed", _integer(0), "value", "seed of the generated data (default 0)"),
    ("scenario", _text, "append", "scenario file loaded into the default workspace (repeatable)"),
    ("state-file", _text, "value", "keep all workspaces in this file across restarts"),
    (
        "state-write-delay",
        _seconds,
        "value",
        "seconds within which a change is written to the state file (default 1)",
    ),
    ("clock-start", _instant, "value", "start of the virtual clocks, ISO 8601 (default today 00:00 UTC)"),
    ("admin-token", _text, "value", "Bearer token the control plane requires when listening beyond loopback"),
    (
        "provider-port",
        _provider_port,
        "append",
        "also serve one provider at the root of a port: NAME=PORT (repeatable)",
    ),
    ("journal-size", _integer(0), "value", "requests kept in each workspace's journal (default 1000)"),
    (
        "journal-body-limit",
        _integer(0),
        "value",
        "bytes of each request and response body kept in the journal (default 65536)",
    ),
    (
        "journal-bytes",
        _integer(0),
        "value",
        "bytes of bodies one workspace's journal keeps in all, oldest dropped first (default 32 MiB)",
    ),
    (
        "workspace-idle-timeout",
        _seconds,
        "value",
        "delete workspaces unused for this many seconds, never the default one (default 0: never)",
    ),
    (
        "journal-show-secrets",
        _switch,
        "flag",
        "show Authorization, Cookie and API key headers in the journal (masked by default)",
    ),
    (
        "max-workspaces",
        _integer(1),
        "value",
        "most workspaces at once, the default one included (default 1000)",
    ),
    ("max-body-bytes", _integer(0), "value", "largest request body accepted (default 10 MiB)"),
    ("access-log", _switch, "flag", "log one line per request on stderr (off by default)"),
    ("log-format", _log_format, "value", "text (default) or json: one JSON object per line"),
    (
        "timeout-hold",
        _seconds,
        "value",
        "seconds a scenario's `fault: timeout` holds a request before a 504 (default 30)",
    ),
    (
        "body-timeout",
        _seconds,
        "value",
        "seconds a request body may take to arrive before a 408 (default 30)",
    ),
]


def _env_name(flag: str) -> str:
    return "MOCKSERVER_" + flag.upper().replace("-", "_")


def _add_serve_flags(parser: argparse.ArgumentParser) -> None:
    for flag, _, kind, text in SERVE_FLAGS:
        env = _env_name(flag)
        if kind == "append":
            parser.add_argument(f"--{flag}", action="append", help=f"{text} [env {env}, comma-separated]")
        elif kind == "flag":
            parser.add_argument(f"--{flag}", action="store_true", default=None, help=f"{text} [env {env}]")
        else:
            parser.add_argument(f"--{flag}", help=f"{text} [env {env}]")


def _checked(check, raw: str, source: str):
    try:
        return check(raw)
    except ValueError as exc:
        raise UsageError(f"{source}: {exc}, got {raw!r}") from None


def settings_from(args: argparse.Namespace, environ=os.environ) -> Settings:
    """Flags win over environment variables, which win over defaults; every value is checked,
    and the first bad one raises UsageError naming the flag (or variable) and the allowed range."""
    settings = Settings()
    for flag, check, kind, _ in SERVE_FLAGS:
        attr = flag.replace("-", "_")
        value = getattr(args, attr)
        env = _env_name(flag)
        if value is not None:
            if kind == "append":
                value = [_checked(check, item, f"--{flag}") for item in value]
            elif kind == "value":
                value = _checked(check, value, f"--{flag}")
        elif env in environ:
            raw = environ[env]
            if kind == "append":
                value = [_checked(check, item, env) for item in raw.split(",") if item]
            else:
                value = _checked(check, raw, env)
        if value is not None:
            setattr(settings, attr, value)
    return settings


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it every keep-alive answer waits ~40 ms on Nagle + delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise SystemExit(f"mockserver: cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _url(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


async def _serve(settings: Settings) -> None:
    import uvicorn

    from mockserver.app import AtPrefix, create_app
    from mockserver.core import collector
    from mockserver.core.persistence import StateFileError
    from mockserver.core.scenarios import ScenarioError

    try:
        app = create_app(settings)  # refuses broken --scenario and --state-file before anything listens
    except ScenarioError as error:
        for problem in error.problems:
            print(f"mockserver: --scenario: {problem}", file=sys.stderr)
        raise SystemExit(2) from None
    except StateFileError as error:
        print(f"mockserver: --state-file: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    collector.install()  # full collections stay short however large the stores grow
    try:
        extra_ports = settings.provider_ports()
    except ValueError as exc:
        raise SystemExit(f"mockserver: {exc}") from None
    unknown = sorted(set(extra_ports) - set(app.state.gateways))
    if unknown:
        known = ", ".join(sorted(app.state.gateways))
        print(
            f"mockserver: --provider-port: unknown provider(s) {', '.join(unknown)} (known: {known})",
            file=sys.stderr,
        )
        raise SystemExit(2)

    def server_for(asgi, sock, lifespan):
        config = uvicorn.Config(
            asgi,
            log_config=None,  # our own handlers (mockserver.core.logs), set up before serving
            access_log=False,
            timeout_graceful_shutdown=3,  # a dashboard's open event stream must not hold up SIGTERM
            lifespan=lifespan,
            server_header=False,
            # Nothing here speaks WebSocket: an upgrade is answered as plain HTTP, and start-up
            # does not import a WebSocket library (20-30 ms, a tenth of it).
            ws="none",
        )
        return uvicorn.Server(config), sock

    main_sock = _listen(settings.host, settings.port)
    servers = [server_for(app, main_sock, "on")]
    lines = [f"mockserver listening on {_url(settings.host, main_sock)}"]
    for name, port in extra_ports.items():
        sock = _listen(settings.host, port)
        servers.append(server_for(AtPrefix(app, f"/{name}"), sock, "off"))
        lines.append(f"mockserver serving {name} on {_url(settings.host, sock)}")
    print("\n".join(lines), flush=True)

    main_server = servers[0][0]

    async def run_extra(server, sock):
        server.config.setup_event_loop = lambda: None
        await server.serve(sockets=[sock])

    extra = [asyncio.create_task(run_extra(s, k)) for s, k in servers[1:]]
    try:
        await main_server.serve(sockets=[main_sock])
    finally:
        for server, _ in servers[1:]:
            server.should_exit = True
        if extra:
            await asyncio.gather(*extra, return_exceptions=True)


class Stopped(Exception):
    """SIGTERM or SIGINT, re-raised by uvicorn after its graceful shutdown (state written)."""


def _stop(signum, frame) -> None:
    raise Stopped(signum)


def serve(settings: Settings) -> None:
    configure(log_format=settings.log_format, access_log=settings.access_log)
    if not settings.loopback_only and not settings.admin_token:
        settings.admin_token = secrets.token_hex(16)
        print(
            f"mockserver: the control plane is reachable beyond loopback; admin token {settings.admin_token} "
            f"(set {_env_name('admin-token')} to choose one)",
            file=sys.stderr,
            flush=True,
        )
    # uvicorn shuts down gracefully (the lifespan writes the last changes to the state file), then re-raises the signal
    # it caught; these handlers turn that into a clean exit 0 instead of death by signal (143).
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _stop)
    try:
        with asyncio.Runner(loop_factory=_loop_factory()) as runner:
            runner.run(_serve(settings))
    except (Stopped, KeyboardInterrupt):
        pass


def _loop_factory():
    """uvloop when it is installed (uvicorn[standard] brings it): a fifth more requests per second
    than asyncio's own loop, which `asyncio.run` would otherwise give uvicorn."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def health_check(url: str | None) -> int:
    """0 when `/_admin/health` answers 200; the container's HEALTHCHECK and compose's wait."""
    import httpx

    if url is None:
        try:
            port = _integer(0, 65535)(os.environ.get(_env_name("port"), "8080"))
        except ValueError as exc:
            print(f"mockserver: {_env_name('port')}: {exc}", file=sys.stderr)
            return 2
        url = f"http://127.0.0.1:{port}"
    try:
        answer = httpx.get(url.rstrip("/") + "/_admin/health", timeout=2)
    except httpx.HTTPError as exc:
        print(f"mockserver: not healthy: {exc}", file=sys.stderr)
        return 1
    print(f"mockserver: {answer.status_code} {answer.text}")
    return 0 if answer.status_code == 200 else 1


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (exit status 2) instead of usage plus error."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message}\n")


def main(argv: list[str] | None = None) -> None:
    parser = Parser(prog="mockserver", description=__doc__)
    parser.add_argument("--version", action="version", version=f"mockserver {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    _add_serve_flags(commands.add_parser("serve", help="start the sandbox"))
    health = commands.add_parser(
        "health", help="exit 0 if the sandbox on MOCKSERVER_PORT answers (for HEALTHCHECK)"
    )
    health.add_argument("--url", help="base URL to ask (default http://127.0.0.1:$MOCKSERVER_PORT)")
    scenario_parser = commands.add_parser("scenarios", help="work with scenario files")
    scenario_commands = scenario_parser.add_subparsers(dest="scenario_command", required=True)
    check = scenario_commands.add_parser("check", help="validate scenario files without starting a server")
    check.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "serve":
        try:
            settings = settings_from(args)
        except UsageError as error:
            parser.exit(2, f"mockserver: {error}\n")
        serve(settings)
    elif args.command == "health":
        sys.exit(health_check(args.url))
    else:
        from mockserver.core import scenarios
        from mockserver.providers import all_providers

        names = frozenset(provider.name for provider in all_providers())
        problems = [problem for path in args.files for problem in scenarios.check_file(path, names)]
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"ok: {len(args.files)} file(s) valid")
        sys.exit(1 if problems else 0)
