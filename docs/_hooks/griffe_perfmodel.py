"""Griffe extension: render perfmodel's reST-flavoured docstrings as Markdown for mkdocstrings.

perfmodel's docstrings are written for readers of the source and for doctest: they use Sphinx
roles (``:class:`Target```), bare ``>>>`` examples and ``#:`` comments above module constants.
This extension, loaded by mkdocstrings (see ``mkdocs.yml``), rewrites them at build time so the
source stays as it is:

- ``:class:`~perfmodel.errors.Diagnostic``` (and ``:func:``, ``:meth:``, ``:attr:``, ``:data:``,
  ``:mod:``, ``:exc:``, ``:obj:``) becomes an autorefs cross-reference, resolved in the scope of
  the documented object; names outside perfmodel become plain code;
- a run of doctest lines (``>>>`` up to the next blank line) becomes a ``pycon`` code block;
- an attribute without a docstring takes the ``#:`` comment lines right above it;
- an attrs field does not show its ``attrs.field(...)`` or private-helper default as a value;
- a class lists its public bases: a private base (``_ResultRule``, ``Lazy`` …, plumbing of the
  scorer) is replaced by its own bases.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(
    r":(?:class|func|meth|attr|data|mod|exc|obj|const):`(?P<tilde>~?)(?P<name>[^`]+)`"
)
_PROMPT = re.compile(r"^(?P<indent>\s*)>>>(?: |$)")


class PerfmodelDocstrings(griffe.Extension):
    """Rewrite docstrings of perfmodel objects into Markdown mkdocstrings renders cleanly."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        # Load events reach every member through on_object, the package itself only here.
        self.on_object(obj=pkg)

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.path != "perfmodel" and not obj.path.startswith("perfmodel."):
            return
        if obj.is_attribute and obj.parent is not None and obj.parent.is_class:
            # attrs fields: "= attrs.field(converter=_x)" or "= _money()" is plumbing, not a value.
            value = str(getattr(obj, "value", "") or "")
            if value.startswith(("_", "attrs.field(")):
                obj.value = None  # type: ignore[attr-defined]
        if obj.docstring is None and obj.is_attribute:
            comment = _comment_above(obj)
            if comment:
                obj.docstring = griffe.Docstring(
                    comment, lineno=obj.lineno, endlineno=obj.lineno, parent=obj
                )
        if obj.is_class:
            obj.bases = _public_bases(obj)  # type: ignore[attr-defined]
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value, obj)


#: Bases that are plumbing, not part of the documented model (see perfmodel._lazy).
_PLUMBING = {"perfmodel._lazy.Lazy"}


def _public_bases(cls: Any) -> list[Any]:
    """The bases of a class, each private one (or plumbing) replaced by its own bases."""
    out: list[Any] = []
    for base in cls.bases:
        path = str(getattr(base, "canonical_path", base))
        if not path.rsplit(".", 1)[-1].startswith("_") and path not in _PLUMBING:
            out.append(base)
            continue
        try:
            parent = cls.modules_collection[path]
        except (KeyError, ValueError, AttributeError):
            out.append(base)
            continue
        out.extend(_public_bases(parent))
    return out


def _comment_above(obj: griffe.Object) -> str:
    """The ``#:`` comment lines directly above an attribute's first line."""
    if obj.lineno is None or obj.filepath is None or isinstance(obj.filepath, list):
        return ""
    try:
        lines = obj.lines_collection[obj.filepath]
    except KeyError:
        return ""
    found: list[str] = []
    index = obj.lineno - 2
    while index >= 0 and lines[index].strip().startswith("#:"):
        found.append(lines[index].strip()[2:].strip())
        index -= 1
    return "\n".join(reversed(found))


def rewrite(text: str, obj: griffe.Object) -> str:
    """Doctest runs to fenced ``pycon`` blocks, Sphinx roles to cross-references.

    Text already inside a fenced block is left alone, so rewriting twice changes nothing.
    """
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    fenced = False
    while i < len(lines):
        if lines[i].lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else _PROMPT.match(lines[i])
        if match is None:
            line = lines[i]
            out.append(line if fenced else _ROLE.sub(lambda m: _reference(m, obj), line))
            i += 1
            continue
        indent = match.group("indent")
        block: list[str] = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        if out and out[-1].strip():
            out.append("")
        out.extend([f"{indent}```pycon", *(f"{indent}{line}" for line in block), f"{indent}```"])
    return "\n".join(out)


def _reference(match: re.Match[str], obj: griffe.Object) -> str:
    name = match.group("name").strip().lstrip(".")
    shown = name.rsplit(".", 1)[-1] if match.group("tilde") else name
    target = _resolve(name, obj)
    if target is None:
        return f"`{shown}`"
    return f"[`{shown}`][{target}]"


def _resolve(name: str, obj: griffe.Object) -> str | None:
    """The perfmodel path ``name`` designates in the scope of ``obj``, or None."""
    if name == "perfmodel" or name.startswith("perfmodel."):
        return name
    first, _, rest = name.partition(".")
    try:
        resolved = obj.resolve(first)
    except griffe.NameResolutionError:
        return None
    if resolved != "perfmodel" and not resolved.startswith("perfmodel."):
        return None
    return f"{resolved}.{rest}" if rest else resolved
