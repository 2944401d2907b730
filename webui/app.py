"""The Flask application factory, in the manner of Flask's tutorial ``flaskr``.

    app = create_app({"INDEX_DIR": "index"})

Configuration is a mapping; pages live in the ``views`` blueprint, JSON in the ``api``
blueprint, and both read the index through one ``Engine`` (``webui/search.py``).
"""

from __future__ import annotations

from flask import Flask, current_app

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


def create_app(config: dict | None = None) -> Flask:
    """A Telusur web app reading the index named by ``config["INDEX_DIR"]``."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    app.extensions["telusur.engine"] = Engine(app.config["INDEX_DIR"])

    from webui import api, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)

    @app.after_request
    def add_security_headers(response):
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def engine() -> Engine:
    """The query engine of the running app."""
    return current_app.extensions["telusur.engine"]
