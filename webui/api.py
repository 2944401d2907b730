"""The JSON API under ``/api`` (contract in DESIGN.md). Errors are JSON too:
``{"error": {"code", "message"}}`` with a 4xx status, never a 500 for what a client sends.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from webui.app import engine
from webui.openapi import openapi_spec
from webui.query import QueryError
from webui.search import IndexMissing, SearchRequest

bp = Blueprint("api", __name__, url_prefix="/api")


def error(status: int, code: str, message: str):
    """A JSON error response in the contract's shape."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


@bp.get("/search")
def search():
    """Ranked, filtered, faceted search (parameters in DESIGN.md and /api/openapi.json)."""
    return jsonify(engine().search(SearchRequest.from_args(request.args)))


@bp.get("/quotes")
def quotes():
    """Quote-level search: each result one quote, with a speaker facet."""
    return jsonify(engine().quotes(SearchRequest.from_args(request.args)))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_spec())


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    """One Article record with everything extracted from it, or a 404."""
    record = engine().article(article_id)
    if record is None:
        return error(404, "not_found", f"no article with id {article_id!r}")
    return jsonify(record)


@bp.errorhandler(QueryError)
def bad_query(exc):
    return error(400, "bad_request", str(exc))


@bp.errorhandler(IndexMissing)
def index_missing(exc):
    return error(503, "index_missing", "the index is not built yet; run `telusur index`")


@bp.errorhandler(Exception)
def internal_error(exc):
    """A fault of ours: logged with its traceback, answered without one. (HTTP errors go to
    ``http_error``: Flask picks the handler of the nearest class.)"""
    current_app.logger.exception("error while answering %s", request.full_path)
    return error(500, "internal_error", "the server failed to answer this request")


@bp.errorhandler(HTTPException)
def http_error(exc):
    return error(exc.code or 400, exc.name.lower().replace(" ", "_"), exc.description or exc.name)
