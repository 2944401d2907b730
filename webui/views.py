"""The HTML pages. Everything that comes from articles is escaped by Jinja's autoescaping."""

from __future__ import annotations

from flask import Blueprint, render_template

from webui.app import engine
from webui.search import IndexMissing

bp = Blueprint("views", __name__)


@bp.get("/")
def home():
    """The start page: what the index holds."""
    try:
        stats = engine().stats()
    except IndexMissing:
        stats = None
    return render_template("home.html", stats=stats)
