"""`GET /<provider>/docs`: a provider's OpenAPI document as a readable, try-it-out page.

Swagger UI's assets come from the `swagger-ui-py` package and are served by the sandbox itself
(`/<provider>/docs/assets/...`), so the page works offline and in CI; every URL in it is relative
to the provider's prefix, so it also works under `--provider-port`.
"""

from __future__ import annotations

import html
import os
from importlib.util import find_spec

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles


def _assets() -> str:
    """swagger-ui-py's static folder, found without importing the package (whose __init__ loads
    Jinja and its web-framework glue: a twentieth of a second of start-up for a folder name)."""
    spec = find_spec("swagger_ui")
    assert spec is not None and spec.submodule_search_locations, "swagger-ui-py is a dependency"
    return os.path.join(next(iter(spec.submodule_search_locations)), "static")


ASSETS = _assets()

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} · API docs</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
<style>
  body {{ margin:0; }}
  .mockserver-bar {{ font:14px system-ui, sans-serif; padding:8px 16px; background:#1d2330; color:#fff; }}
  .mockserver-bar a {{ color:#9db8ff; margin-right:14px; }}
</style>
</head>
<body>
<nav class="mockserver-bar">
  <a href="../">mockserver</a><a href="../_admin/ui">dashboard</a><a href="openapi.json">openapi.json</a>
  <span>{title}</span>
</nav>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script>
  window.ui = SwaggerUIBundle({{
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
  }});
</script>
</body>
</html>
"""


def routes(provider) -> list[BaseRoute]:
    """The page and its assets for one provider, routed ahead of the provider's own mount."""
    page = PAGE.format(title=html.escape(provider.title)).encode()

    async def docs(request: Request) -> Response:
        return HTMLResponse(page)

    return [
        Route(f"/{provider.name}/docs", docs, methods=["GET"]),
        Mount(f"/{provider.name}/docs/assets", StaticFiles(directory=ASSETS), name=f"{provider.name}-docs"),
    ]
