"""MkDocs hook: generated parts of the API reference, so that no public name is left out.

Two markers are expanded before the page is converted (so mkdocstrings sees the result):

- ``<!-- perfmodel-package NAME -->`` becomes a ``::: NAME`` block for the package's own
  docstring followed by one ``::: NAME.sub`` block per public submodule (found on disk, so a new
  module appears without editing the page);
- ``<!-- perfmodel-api-index -->`` becomes a table of every public name: those of
  ``perfmodel.__all__`` first, then those of each public module's ``__all__``, each linked to its
  canonical path. Under ``mkdocs build --strict`` a name that no reference page renders is a
  broken cross-reference and fails the build, so every public name must have an entry.

The package is read statically with griffe: nothing is imported.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import griffe

_HERE = Path(__file__).resolve().parent
_SRC = _HERE.parents[1] / "src"
_PACKAGE = re.compile(r"^<!-- perfmodel-package (?P<name>[\w.]+) -->$", re.MULTILINE)
_INDEX = "<!-- perfmodel-api-index -->"

_loaded: griffe.Module | None = None


def _package() -> griffe.Module:
    global _loaded
    if _loaded is None:
        extensions = griffe.load_extensions(f"{_HERE / 'griffe_perfmodel.py'}:PerfmodelDocstrings")
        _loaded = griffe.load(
            "perfmodel", search_paths=[str(_SRC)], resolve_aliases=True, extensions=extensions
        )
    return _loaded


def _public_modules(module: griffe.Module) -> list[griffe.Module]:
    """``module``'s public submodules (no leading underscore), sorted by name, recursively."""
    found: list[griffe.Module] = []
    for name, member in sorted(module.members.items()):
        if member.is_alias or not member.is_module or name.startswith("_"):
            continue
        assert isinstance(member, griffe.Module)
        found.append(member)
        found.extend(_public_modules(member))
    return found


def _summary(obj: griffe.Object | griffe.Alias) -> str:
    try:
        docstring = obj.docstring
    except griffe.AliasResolutionError:
        return ""
    if docstring is None:
        return ""
    first = docstring.value.strip().split("\n\n", 1)[0]
    return " ".join(first.split()).replace("|", "\\|")


def _canonical(member: griffe.Object | griffe.Alias) -> str:
    return member.final_target.path if member.is_alias else member.path


def _rows(module: griffe.Module, seen: set[str]) -> list[str]:
    rows = []
    for name in sorted((str(n) for n in module.exports or ()), key=str.lower):
        member = module.get_member(name)
        if member.is_module and name in (member.exports or ()):
            # ``from .validate import validate``: at run time the name is the function.
            member = member.get_member(name)
        path = _canonical(member)
        if path in seen:
            continue
        seen.add(path)
        rows.append(f"| [`{name}`][{path}] | `{path.rsplit('.', 1)[0]}` | {_summary(member)} |")
    return rows


def api_index() -> str:
    """Markdown tables of every public name, linked to its reference entry."""
    package = _package()
    seen: set[str] = set()
    head = ["| Name | Defined in | Summary |", "|---|---|---|"]
    parts = ["### Importable from `perfmodel`", "", *head, *_rows(package, seen)]
    for module in _public_modules(package):
        rows = _rows(module, seen)
        if rows:
            parts += ["", f"### More in `{module.path}`", "", *head, *rows]
    return "\n".join(parts)


def package_blocks(name: str) -> str:
    """``:::`` blocks for a package (its docstring and the public names it defines itself, not
    those it re-exports) and for each of its public submodules."""
    package = _package()
    module = package if name == "perfmodel" else package.get_member(name.split(".", 1)[1])
    assert isinstance(module, griffe.Module)
    own = [str(n) for n in module.exports or () if not module.get_member(str(n)).is_alias]
    members = f"[{', '.join(own)}]" if own else "false"
    blocks = [f"::: {name}\n    options:\n      members: {members}\n      show_root_heading: false"]
    blocks += [f"::: {sub.path}" for sub in _public_modules(module)]
    return "\n\n".join(blocks)


def on_pre_build(**kwargs: Any) -> None:
    global _loaded
    _loaded = None  # re-read the sources on every build (``mkdocs serve``)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    markdown = _PACKAGE.sub(lambda m: package_blocks(m.group("name")), markdown)
    if _INDEX in markdown:
        markdown = markdown.replace(_INDEX, api_index())
    return markdown
