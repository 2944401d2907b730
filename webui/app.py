"""The Flask application factory, in the manner of Flask's tutorial ``flaskr``.

    app = create_app({"INDEX_DIR": "index"})

Configuration is a mapping; pages live in the ``views`` blueprint, JSON in the ``api``
blueprint, and both read the index through one ``Engine`` (``webui/search.py``).
"""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.exceptions import MethodNotAllowed

from webui.search import Engine

DEFAULTS = {"INDEX_DIR": "index"}

# Served with every response: no inline scripts, no sniffing, no leaking of search queries
# to other sites through the Referer header.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
# The only methods served: the app reads, it never takes anything in.
SERVED_METHODS = ("GET", "HEAD")


def create_app(config: dict | None = None) -> Flask:
    """A Telusur web app reading the index named by ``config["INDEX_DIR"]``."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    app.extensions["telusur.engine"] = Engine(app.config["INDEX_DIR"])

    from webui import api, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)

    @app.before_request
    def refuse_options():
        """Refuse OPTIONS like POST. Flask would answer it on every route itself, with a 200
        listing the methods: a cross-origin preflight answer this app has no use for."""
        if request.method == "OPTIONS":
            raise MethodNotAllowed(valid_methods=SERVED_METHODS)

    @app.errorhandler(MethodNotAllowed)
    def method_not_allowed(exc):
        """A 405 that names GET and HEAD only, in the API's JSON error shape under /api/."""
        if request.path.startswith("/api/"):
            response = api.error(405, "method_not_allowed", "only GET and HEAD are served")
        else:
            response = exc.get_response()
        response.headers["Allow"] = ", ".join(SERVED_METHODS)
        return response

    @app.after_request
    def add_security_headers(response):
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def engine() -> Engine:
    """The query engine of the running app."""
    return current_app.extensions["telusur.engine"]
