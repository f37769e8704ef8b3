"""Serializers for other applications: JSON (cattrs), JSON Schema, YAML, pandas, Excel and text.

The JSON format is a public contract (docs/format.md): every top-level document carries
``"schema": "perfmodel/1"``, numbers are exact decimal strings, blank is ``null``.

>>> from perfmodel import parse_target
>>> from perfmodel.serialize import to_dict
>>> to_dict(parse_target("≥90%"))["quantity"]
{'magnitude': '90', 'unit': '%'}
"""

from __future__ import annotations

from .api import (
    SCHEMA_VERSION,
    default_converter,
    from_dict,
    from_json,
    from_yaml,
    kind_of,
    kinds,
    to_dict,
    to_json,
)
from .converter import configure_converter, make_converter
from .frame import budgets_frame, from_frame, to_frame
from .layout import form_rows, lost_fields, to_text, without_locations, write_text
from .migrate import MIGRATIONS, upgrade
from .schema import json_schema, load_schema
from .xlsx import write_xlsx

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "budgets_frame",
    "configure_converter",
    "default_converter",
    "form_rows",
    "from_dict",
    "from_frame",
    "from_json",
    "from_yaml",
    "json_schema",
    "kind_of",
    "kinds",
    "load_schema",
    "lost_fields",
    "make_converter",
    "to_dict",
    "to_frame",
    "to_json",
    "to_text",
    "upgrade",
    "without_locations",
    "write_text",
    "write_xlsx",
]
