"""`GET /_admin/workspaces/{id}/outbox[?provider=]`: every message the workspace's providers
would have sent (e-mails, letters, SMS, webhook deliveries), oldest first; `DELETE` empties it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.admin.routes import JSONResponse, workspace_from


async def outbox(request: Request) -> Response:
    workspace = workspace_from(request)
    if request.method == "DELETE":
        workspace.outbox.clear()
        return Response(status_code=204)
    provider = request.query_params.get("provider") or None
    return JSONResponse({"messages": workspace.outbox.list(provider)})


ROUTES = [Route("/workspaces/{id}/outbox", outbox, methods=["GET", "DELETE"])]
