"""The Flask application factory: `create_app(config)` for tests, WSGI servers and `python -m searchapp`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from . import config as paths
from .search import TIME_LIMIT, Engine

SECURITY_HEADERS = {
    # No inline script, no external origins: everything the page needs is served from here.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `config` may set INDEX_DIR and TIME_LIMIT (defaults from the environment)."""
    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR=str(paths.index_dir()), TIME_LIMIT=TIME_LIMIT)
    if config:
        app.config.from_mapping(config)
    app.extensions["searchapp"] = Engine(app.config["INDEX_DIR"], time_limit=app.config["TIME_LIMIT"])

    from . import api, web

    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)

    @app.errorhandler(404)
    @app.errorhandler(405)
    def routing_error(e: HTTPException) -> Any:
        """Raised before any blueprint runs: JSON under /api/, a page elsewhere."""
        if request.path.startswith("/api/"):
            return api.error(e.description or e.name, e.code or 404)
        message = "There is no page at this address." if e.code == 404 else e.description
        return render_template("error.html", message=message), e.code

    @app.after_request
    def secure(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def engine() -> Engine:
    from flask import current_app

    return current_app.extensions["searchapp"]
