"""The OpenAPI 3.1 description of the open API (served at /api/v1/openapi.json).

Written by hand so that it says what the API promises; tests check that every route under
/api/v1 is described here (and nothing else), and that real answers fit these schemas.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from matching.offer import KINDS, STATUSES

AREA_MATCHES = ["exact", "within", "nearby", "none"]
FRESHNESS = ["verified", "stale", "unverified", "municipal"]
_STRINGS = {"type": "array", "items": {"type": "string"}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


_CACHED = {
    "ETag": {"description": "The map's version", "schema": {"type": "string"}},
    "Cache-Control": {"description": "public, short max-age", "schema": {"type": "string"}},
}
_NOT_MODIFIED = {"description": "The map has not changed since the given ETag", "headers": _CACHED}
_LANG = {
    "name": "lang",
    "in": "query",
    "description": "Language of the reasons and texts (default: the service's language)",
    "schema": {"type": "string", "enum": ["nl", "en"]},
}
_IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}

_SCHEMAS: dict[str, Any] = {
    "Area": {
        "type": "object",
        "required": ["code", "name", "level"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "level": {"type": "string"},
        },
    },
    "Hit": {
        "type": "object",
        "required": ["id", "name", "score", "area_match", "reasons"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "score": {"type": "number", "minimum": 0, "maximum": 100},
            "area_match": {"type": "string", "enum": AREA_MATCHES},
            "reasons": _STRINGS,
        },
    },
    "SearchResult": {
        "description": "The object `wijkwijzer search --json` prints; results best first.",
        "type": "object",
        "required": ["query", "themes", "target_groups", "areas", "results"],
        "properties": {
            "query": {"type": "string", "description": "the whole question as searched"},
            "themes": _STRINGS,
            "target_groups": _STRINGS,
            "areas": {"type": "array", "items": _ref("Area")},
            "results": {"type": "array", "items": _ref("Hit")},
        },
    },
    "Freshness": {
        "type": "object",
        "required": ["status", "last_verified", "text"],
        "properties": {
            "status": {"type": "string", "enum": FRESHNESS},
            "last_verified": {"type": ["string", "null"], "format": "date"},
            "text": {"type": "string", "description": "the line the bot shows"},
        },
    },
    "Offer": {
        "description": "One offer in the fields of the social-map format, plus its freshness.",
        "type": "object",
        "required": ["id", "name", "kind", "description", "themes", "areas", "status"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": list(KINDS)},
            "description": {"type": "string"},
            "themes": _STRINGS,
            "target_groups": _STRINGS,
            "areas": _STRINGS,
            "organization": {"type": "string"},
            "address": {"type": "string"},
            "latitude": {"type": "number"},
            "longitude": {"type": "number"},
            "languages": _STRINGS,
            "schedule": {"type": "string"},
            "url": {"type": "string"},
            "email": {"type": "string"},
            "phone": {"type": "string"},
            "telegram": {"type": "string"},
            "status": {"type": "string", "enum": list(STATUSES)},
            "last_verified": {"type": "string", "format": "date"},
            "freshness": _ref("Freshness"),
        },
        "additionalProperties": False,
    },
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "a short code, e.g. unknown_area"},
            "message": {"type": "string"},
            "suggestions": _STRINGS,
        },
    },
}

_SEARCH = {
    "get": {
        "operationId": "search",
        "summary": "Answer a question as the bot would",
        "description": "Questions are not stored. With area and theme the question is put "
        "together as the bot does when it asks back: theme, q, area.",
        "parameters": [
            {
                "name": "q",
                "in": "query",
                "description": "The question (Dutch or English); optional with area or theme",
                "schema": {"type": "string", "maxLength": 200},
            },
            {
                "name": "area",
                "in": "query",
                "description": "An area by name: stadsdeel, gebied, wijk or buurt; typos forgiven",
                "schema": {"type": "string"},
            },
            {
                "name": "theme",
                "in": "query",
                "description": "A theme code of the thesaurus, e.g. eenzaamheid",
                "schema": {"type": "string"},
            },
            _LANG,
            {
                "name": "limit",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5},
            },
            _IF_NONE_MATCH,
        ],
        "responses": {
            "200": {**_json("SearchResult", "The answer"), "headers": _CACHED},
            "304": _NOT_MODIFIED,
            "400": _json("Error", "A bad parameter, an unknown area or theme"),
            "503": _json("Error", "The service is starting"),
        },
    }
}

_OFFER = {
    "get": {
        "operationId": "offer",
        "summary": "One offer of the social map",
        "parameters": [
            {"name": "offer_id", "in": "path", "required": True, "schema": {"type": "string"}},
            _LANG,
            _IF_NONE_MATCH,
        ],
        "responses": {
            "200": {**_json("Offer", "The offer"), "headers": _CACHED},
            "304": _NOT_MODIFIED,
            "400": _json("Error", "A bad parameter"),
            "404": _json("Error", "No (active, shown) offer with this id"),
            "503": _json("Error", "The service is starting"),
        },
    }
}

_OPENAPI = {
    "get": {
        "operationId": "openapi",
        "summary": "This description",
        "responses": {
            "200": {
                "description": "OpenAPI 3.1",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    }
}


@cache
def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wijkwijzer open API",
            "version": "1",
            "summary": "The Amsterdam wijkzorg social map: search it as the bot does.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "paths": {
            "/api/v1/search": _SEARCH,
            "/api/v1/offers/{offer_id}": _OFFER,
            "/api/v1/openapi.json": _OPENAPI,
        },
        "components": {"schemas": _SCHEMAS},
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description (a copy: callers may change it)."""
    return copy.deepcopy(_document())
