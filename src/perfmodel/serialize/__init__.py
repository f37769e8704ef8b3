"""Serializers for other applications: JSON (cattrs), JSON Schema, YAML, pandas, Excel and text.

The JSON format is a public contract (docs/format.md): every top-level document carries
``"schema": "perfmodel/1"``, numbers are exact decimal strings, blanks are left out.

>>> from perfmodel import parse_target
>>> from perfmodel.serialize import to_dict
>>> to_dict(parse_target("≥90%"))
{'kind': 'quantitative', 'text': '≥90%', 'comparator': 'GE', 'quantity': {...}, 'unit_text': '%'}
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
from .migrate import MIGRATIONS, upgrade

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "configure_converter",
    "default_converter",
    "from_dict",
    "from_json",
    "from_yaml",
    "kind_of",
    "kinds",
    "make_converter",
    "to_dict",
    "to_json",
    "upgrade",
]
