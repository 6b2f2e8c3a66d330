"""The `mockserver` command: `serve` starts the sandbox; `scenarios check` validates a file."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import sys

from mockserver.core.clock import parse_instant
from mockserver.settings import Settings

# (flag, type, help); every flag also reads MOCKSERVER_<FLAG> from the environment.
SERVE_FLAGS = [
    ("host", str, "address to listen on (default 127.0.0.1)"),
    ("port", int, "port to listen on; 0 picks a free one (default 8080)"),
    ("seed", int, "seed of the generated data (default 0)"),
    ("scenario", "append", "scenario file loaded into the default workspace (repeatable)"),
    ("state-file", str, "keep all workspaces in this file across restarts"),
    ("clock-start", parse_instant, "start of the virtual clocks, ISO 8601 (default today 00:00 UTC)"),
    ("admin-token", str, "Bearer token the control plane requires when listening beyond loopback"),
    ("provider-port", "append", "also serve one provider at the root of a port: NAME=PORT (repeatable)"),
    ("journal-size", int, "requests kept in each workspace's journal (default 1000)"),
    ("max-body-bytes", int, "largest request body accepted (default 10 MiB)"),
    ("access-log", "flag", "log every request (off by default: the journal has them)"),
    (
        "timeout-hold",
        float,
        "seconds a scenario's `fault: timeout` holds a request before a 504 (default 30)",
    ),
]


def _env_name(flag: str) -> str:
    return "MOCKSERVER_" + flag.upper().replace("-", "_")


def _add_serve_flags(parser: argparse.ArgumentParser) -> None:
    for flag, kind, text in SERVE_FLAGS:
        env = _env_name(flag)
        if kind == "append":
            parser.add_argument(f"--{flag}", action="append", help=f"{text} [env {env}, comma-separated]")
        elif kind == "flag":
            parser.add_argument(f"--{flag}", action="store_true", default=None, help=f"{text} [env {env}]")
        else:
            parser.add_argument(f"--{flag}", type=kind, help=f"{text} [env {env}]")


def settings_from(args: argparse.Namespace, environ=os.environ) -> Settings:
    """Flags win over environment variables, which win over defaults."""
    settings = Settings()
    for flag, kind, _ in SERVE_FLAGS:
        attr = flag.replace("-", "_")
        value = getattr(args, attr)
        if value is None and _env_name(flag) in environ:
            raw = environ[_env_name(flag)]
            if kind == "append":
                value = [item for item in raw.split(",") if item]
            elif kind == "flag":
                value = raw.lower() in ("1", "true", "yes", "on")
            else:
                try:
                    value = kind(raw)
                except ValueError as exc:
                    raise SystemExit(f"mockserver: {_env_name(flag)}: {exc}") from None
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
    from mockserver.core.scenarios import ExposeServer, ScenarioError

    try:
        app = create_app(settings)  # refuses broken --scenario files before anything listens
    except ScenarioError as error:
        raise SystemExit("mockserver: " + "\n".join(error.problems)) from None
    try:
        extra_ports = settings.provider_ports()
    except ValueError as exc:
        raise SystemExit(f"mockserver: {exc}") from None
    unknown = sorted(set(extra_ports) - set(app.state.gateways))
    if unknown:
        raise SystemExit(f"mockserver: --provider-port: unknown provider(s) {', '.join(unknown)}")

    def server_for(asgi, sock, lifespan):
        # ExposeServer lets scenario faults reach the socket (a real reset, a truncated body).
        config = uvicorn.Config(
            ExposeServer(asgi),
            log_level="warning",
            access_log=settings.access_log,
            lifespan=lifespan,
            server_header=False,
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


def serve(settings: Settings) -> None:
    if not settings.loopback_only and not settings.admin_token:
        settings.admin_token = secrets.token_hex(16)
        print(
            f"mockserver: the control plane is reachable beyond loopback; admin token {settings.admin_token} "
            f"(set {_env_name('admin-token')} to choose one)",
            file=sys.stderr,
            flush=True,
        )
    try:
        asyncio.run(_serve(settings))
    except KeyboardInterrupt:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="mockserver", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    _add_serve_flags(commands.add_parser("serve", help="start the sandbox"))
    scenario_parser = commands.add_parser("scenarios", help="work with scenario files")
    scenario_commands = scenario_parser.add_subparsers(dest="scenario_command", required=True)
    check = scenario_commands.add_parser("check", help="validate scenario files without starting a server")
    check.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(settings_from(args))
    else:
        from mockserver.core import scenarios

        problems = [problem for path in args.files for problem in scenarios.check_file(path)]
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"ok: {len(args.files)} file(s) valid")
        sys.exit(1 if problems else 0)
