"""``manju studio [DIR…] [--host H] [--port P]``: the local web studio (see docs/studio.md).

FastAPI and uvicorn are imported only here, when the studio starts, so ``manju --help`` stays
fast.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

DEFAULT_PORT = 8765


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``studio`` on the main parser."""
    st = sub.add_parser("studio", help="the local web studio: projects, a canvas of shots, "
                                       "a chat to edit, the player (opens on 127.0.0.1)")
    st.add_argument("dirs", nargs="*", metavar="DIR",
                    help="project folders to open (or folders holding project folders)")
    st.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1; any other needs the printed token)")
    st.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free one)")
    st.add_argument("--workspace", default=None,
                    help="where new projects and the studio's database go "
                         "(default: $MANJU_STUDIO_HOME or ~/manju-studio)")
    st.add_argument("--token", default=None,
                    help="the access token (default: none on 127.0.0.1, a new random one otherwise)")
    st.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                    help="another host name the browser may use to reach the studio")
    st.add_argument("--max-upload", type=int, default=4096, metavar="KIB",
                    help="largest story upload in KiB (default 4096)")
    st.add_argument("--workers", type=int, default=0, help="shots drawn at once per job (default: per core, at most 4)")
    st.add_argument("--llm", action="store_true",
                    help="the chat plans edits with the configured language model (as manju edit "
                         "--llm: MANJU_LLM_BASE_URL, MANJU_LLM_MODEL, MANJU_LLM_API_KEY; also on "
                         "when MANJU_LLM=openai), falling back to the offline parser when it fails")
    st.set_defaults(handler=cmd_studio)


def workspace_dir(arg: str | None) -> Path:
    """The studio's workspace folder."""
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("MANJU_STUDIO_HOME", "").strip()
    return Path(env).expanduser() if env else Path.home() / "manju-studio"


def cmd_studio(args: argparse.Namespace) -> int:
    """Serve the studio until Ctrl-C."""
    from manju.errors import InputError
    from manju.web.security import is_loopback, new_token
    from manju.web.state import StudioConfig

    if not 0 <= args.port <= 65535:
        raise InputError("--port must be between 0 and 65535")
    if not 1 <= args.max_upload <= 65536:
        raise InputError("--max-upload must be between 1 and 65536 KiB")
    folders = [Path(d).expanduser() for d in args.dirs]
    for d in folders:
        if not d.is_dir():
            raise InputError(f"{d} is not a folder")
    token = args.token
    if token is None and not is_loopback(args.host):
        token = new_token()  # another machine can reach this bind: never serve it open
    if token is not None and len(token) < 16:
        raise InputError("--token must be at least 16 characters")
    workspace = workspace_dir(args.workspace).resolve()
    llm = _llm(args, workspace)
    config = StudioConfig(workspace=workspace, folders=folders,
                          host=args.host, port=args.port, token=token,
                          extra_hosts=list(args.allow_host), max_upload=args.max_upload * 1024,
                          workers=args.workers, llm=llm)
    serve(config)
    return 0


def _llm(args: argparse.Namespace, workspace: Path) -> str | None:
    """The ``llm`` backend the chat plans with (``--llm`` or ``MANJU_LLM``), or None; a model
    that is not configured well enough to be made stops the studio here, with the reason."""
    from manju.cli.llm import llm_choice

    name = llm_choice(args)
    if name:
        from manju.web.chat import describe_llm

        describe_llm(name, workspace)
    return name


def serve(config: object) -> None:
    """Run uvicorn on ``config`` (a StudioConfig) and print the URL once it listens."""
    import socket

    import uvicorn

    from manju.web.app import create_app
    from manju.web.state import StudioConfig

    assert isinstance(config, StudioConfig)
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((config.host, config.port))
    except OSError as e:
        from manju.errors import InputError

        sock.close()
        raise InputError(f"cannot listen on {config.host}:{config.port}: {e.strerror}") from None
    config.port = sock.getsockname()[1]
    shown = "127.0.0.1" if config.host in ("0.0.0.0", "::") else config.host
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{config.port}/" + (f"?token={config.token}" if config.token else "")
    print(f"manju studio: {url}", flush=True)
    print(f"workspace: {config.workspace}", flush=True)
    if config.llm:
        from manju.web.chat import describe_llm

        print(f"chat: the language model {describe_llm(config.llm, config.workspace)}, "
              "else the offline parser", flush=True)
    if config.token:
        print("anyone with this URL can use the studio; keep the token private", flush=True)
    app = create_app(config)
    # Open event streams never end by themselves: give them a second on Ctrl-C.
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           proxy_headers=False, timeout_graceful_shutdown=1))
    server.run(sockets=[sock])
