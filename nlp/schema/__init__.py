"""The published JSON Schema of the output, and validation against it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


def schema_text(name: str = "report") -> str:
    """The text of ``nlp/schema/NAME.schema.json``."""
    return resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_schema(name: str = "report") -> dict[str, Any]:
    """The parsed schema ``name`` ("report" or "annotation")."""
    return json.loads(schema_text(name))


@lru_cache(maxsize=None)
def _validator(name: str):
    from jsonschema import Draft202012Validator, FormatChecker

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate(instance: dict[str, Any], name: str = "report") -> None:
    """Raise ``jsonschema.ValidationError`` unless ``instance`` follows the schema."""
    _validator(name).validate(instance)


def schema_errors(instance: dict[str, Any], name: str = "report") -> list[str]:
    """Every schema violation of ``instance`` as ``path: message`` strings."""
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in _validator(name).iter_errors(instance)
    ]
