"""The OpenAPI 3 description served at ``/api/openapi.json``: the contract of DESIGN.md."""

from __future__ import annotations

from webui.facets import FACETS
from webui.search import FILTERS, MAX_PER_PAGE, SORTS


def _string_param(name: str, description: str, repeatable: bool = False) -> dict:
    schema = {"type": "array", "items": {"type": "string"}} if repeatable else {"type": "string"}
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, **({"style": "form", "explode": True} if repeatable else {})}


def _facet_values() -> dict:
    """A list of {value, count} facet entries."""
    return {"type": "array", "items": {"type": "object", "required": ["value", "count"],
            "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}}}


STRINGS = {"type": "array", "items": {"type": "string"}}
NULLABLE_STRING = {"type": ["string", "null"]}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
QUOTE = {"type": "object", "properties": {
    "speaker": NULLABLE_STRING, "role": NULLABLE_STRING, "text": {"type": "string"},
    "kind": {"type": "string", "enum": ["direct", "indirect"]}, "cue": NULLABLE_STRING}}
ARTICLE = {"type": "object", "required": ["id", "title", "body", "published", "source", "city",
                                          "url", "category", "path", "persons", "organizations",
                                          "places", "quotes", "dates"],
           "properties": {
               "id": {"type": "string"}, "title": {"type": "string"}, "body": {"type": "string"},
               "published": {"type": ["string", "null"], "format": "date-time"},
               "published_inferred": {"type": "boolean"},
               "source": {"type": "string"}, "city": {"type": "string"}, "url": {"type": "string"},
               "category": {"type": "string"}, "path": {"type": "string"},
               "persons": STRINGS, "organizations": STRINGS, "places": STRINGS,
               "quotes": {"type": "array", "items": QUOTE},
               "dates": {"type": "array", "items": {"type": "string", "format": "date"}},
               "extra": {"type": "object"}}}
HIT = {"type": "object", "required": ["id", "title", "url", "source", "published", "snippet",
                                      "score", "persons", "organizations", "places"],
       "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                      "url": {"type": "string"}, "source": {"type": "string"},
                      "published": {"type": ["string", "null"]},
                      "snippet": {"type": "string", "description": "HTML: escaped text, query terms in <mark>"},
                      "score": {"type": ["number", "null"]},
                      "persons": STRINGS, "organizations": STRINGS, "places": STRINGS}}
SEARCH = {"type": "object",
          "required": ["query", "total", "page", "per_page", "took_ms", "relaxed", "results",
                       "facets", "suggestion"],
          "properties": {
              "query": {"type": "string"}, "total": {"type": "integer"},
              "page": {"type": "integer"}, "per_page": {"type": "integer"},
              "took_ms": {"type": "number"}, "relaxed": {"type": "boolean"},
              "results": {"type": "array", "items": HIT},
              "facets": {"type": "object", "properties": {
                  **{name: _facet_values() for name in FACETS},
                  "published": {"type": "object", "required": ["interval", "buckets"], "properties": {
                      "interval": {"type": "string", "enum": ["day", "month", "year"]},
                      "buckets": {"type": "array", "items": {"type": "object", "properties": {
                          "key": {"type": "string"}, "count": {"type": "integer"}}}}}}}},
              "suggestion": NULLABLE_STRING}}
QUOTE_HIT = {"type": "object",
             "required": ["article_id", "title", "published", "speaker", "role", "text", "kind", "cue"],
             "properties": {"article_id": {"type": "string"}, "title": {"type": "string"},
                            "published": {"type": ["string", "null"]}, **QUOTE["properties"]}}
QUOTES = {"type": "object", "required": ["total", "results", "facets"],
          "properties": {"query": {"type": "string"}, "total": {"type": "integer"},
                         "page": {"type": "integer"}, "per_page": {"type": "integer"},
                         "took_ms": {"type": "number"},
                         "results": {"type": "array", "items": QUOTE_HIT},
                         "facets": {"type": "object", "properties": {"speakers": _facet_values()}}}}
ERRORS = {status: {"description": text, "content": {"application/json": {"schema": ERROR}}}
          for status, text in (("400", "a parameter or query the engine cannot understand"),
                               ("404", "no such resource"),
                               ("503", "the index is not built yet"))}


def openapi_spec() -> dict:
    """The OpenAPI document, built from the same constants the engine validates with."""
    filters = [_string_param(name, f"only articles with this {name} (repeatable: all must match)",
                             repeatable=True) for name in FILTERS]
    search_params = [
        _string_param("q", "the query: words, \"phrases\", OR, NOT/-word, (groups), "
                           "person:/org:/place:/source:/speaker: values, tanggal:\"Juni 2024\""),
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {"name": "per_page", "in": "query",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        _string_param("from", "first day: 2024-06-18, 18/6/2024, Juni 2024, 2024, kemarin, "
                              "pekan lalu, 7 hari terakhir"),
        _string_param("to", "last day, same forms as from"),
        {"name": "facets", "in": "query", "description": "false: skip counting facets",
         "schema": {"type": "string", "enum": ["true", "false"], "default": "true"}},
        *filters,
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Telusur", "version": "1",
                 "description": "Search Indonesian news: ranked, faceted, highlighted."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search articles", "parameters": search_params,
                "responses": {"200": {"description": "results and facets over all matches",
                                      "content": {"application/json": {"schema": SEARCH}}},
                              **{k: v for k, v in ERRORS.items() if k != "404"}}}},
            "/api/articles/{id}": {"get": {
                "summary": "One article with everything extracted from it",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "the Article record",
                                      "content": {"application/json": {"schema": ARTICLE}}},
                              **ERRORS}}},
            "/api/quotes": {"get": {
                "summary": "Search quotes: each result one direct quote or reported statement",
                "parameters": [search_params[0], search_params[1], search_params[2],
                               _string_param("speaker", "only quotes by this speaker (repeatable)",
                                             repeatable=True)],
                "responses": {"200": {"description": "quotes and a speaker facet",
                                      "content": {"application/json": {"schema": QUOTES}}},
                              **{k: v for k, v in ERRORS.items() if k != "404"}}}},
            "/api/openapi.json": {"get": {
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3 document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
    }
