"""The ``perfmodel`` command (needs the ``[cli]`` extra: click).

Commands: ``read``, ``validate``, ``score``, ``report``, ``plot``, ``schema``; ``perfmodel
--version``. Every command takes ``--json`` for machine output on stdout (an error that stops
the command is then a JSON object ``{"error": {"exit_code", "message"}}`` on stdout too).
Files may be given as paths, directories (every ``.txt``/``.xlsx``/``.xlsm`` below them) or
glob patterns (``'seeds/*.txt'``, ``'**/*.xlsx'``). With several files a progress bar is drawn
on stderr when stderr is a terminal.

Exit codes:

- ``0`` — done, and no error was found;
- ``1`` — done, and an input has an error: a file holds no known form, cannot be decoded, or
  (``validate``) breaks a check of severity error;
- ``2`` — usage error: unknown option or value, a path or pattern that matches nothing, an
  unknown policy name or a policy file that cannot be read;
- ``3`` — the output cannot be produced: an optional extra that is not installed (``xlsx``
  reports need ``[excel]``, ``plot`` needs ``[plot]``), or an output file that cannot be
  written.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(main, ["--version"]).output.startswith("perfmodel, version")
True
"""

from __future__ import annotations

import glob
import json
import shutil
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import Diagnostic, Location, PerfModelError, PolicyError, SerializationError, Severity
from .model import Project, Unit
from .numbers import quantize
from .read import ReadResult, read_forms
from .scoring import Evaluation, Policy, evaluate

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_UNAVAILABLE", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3

_SUFFIXES = (".txt", ".xlsx", ".xlsm")
_POLICIES = {
    "central": Policy.central,
    "provincial": Policy.provincial,
    "whole_points": Policy.whole_points,
}


class Unavailable(click.ClickException):
    """The output cannot be produced (exit code 3)."""

    exit_code = EXIT_UNAVAILABLE


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


def expand_paths(patterns: Sequence[str]) -> list[Path]:
    """Files named by paths, directories and glob patterns, in order, each once.

    >>> expand_paths(["no/such/file.txt"])
    Traceback (most recent call last):
    ...
    click.exceptions.BadParameter: no/such/file.txt: no such file, directory or matching pattern
    """
    found: dict[Path, None] = {}
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.suffix.lower() in _SUFFIXES)
        elif path.is_file():
            matches = [path]
        else:
            matches = [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]
            matches = [p for p in matches if p.is_file()]
        if not matches:
            raise click.BadParameter(
                f"{pattern}: no such file, directory or matching pattern", param_hint="FILES"
            )
        found.update(dict.fromkeys(matches))
    return list(found)


def _progress(paths: list[Path]) -> Iterator[Path]:
    if len(paths) > 1 and sys.stderr.isatty():
        with click.progressbar(paths, label="reading", file=sys.stderr) as bar:
            yield from bar
    else:
        yield from paths


def _read(path: Path) -> ReadResult:
    try:
        return read_forms(path)
    except PerfModelError as exc:
        diag = Diagnostic(Severity.ERROR, "CLI001", str(exc), Location(file=str(path)))
        return ReadResult([], [diag])


def _read_all(patterns: Sequence[str]) -> list[tuple[Path, ReadResult]]:
    paths = expand_paths(patterns)
    return [(path, _read(path)) for path in _progress(paths)]


def _has_errors(results: list[tuple[Path, ReadResult]]) -> bool:
    return any(r.errors or not r.documents for _, r in results)


def _echo_unread(results: list[tuple[Path, ReadResult]]) -> None:
    """On stderr: each file that gave no form, or had reading errors, with those errors (what
    ``read`` and ``validate`` print in their report), so exit code 1 never comes unexplained."""
    for path, result in results:
        if result.documents and not result.errors:
            continue
        errors = result.errors or [d for d in result.diagnostics if d.severity is not Severity.INFO]
        click.echo(f"{path}: {len(result.documents)} forms read", err=True)
        for diag in errors or result.diagnostics:
            click.echo("  " + click.style(str(diag), fg="red"), err=True)


def load_policy(value: str | None) -> Policy:
    """A policy by preset name (central, provincial, whole_points) or from a JSON/YAML file.

    >>> load_policy("whole_points").decimals
    0
    >>> load_policy("national")
    Traceback (most recent call last):
    ...
    click.exceptions.BadParameter: national: not a policy name (central, provincial, ...
    """
    if value is None:
        return Policy.central()
    if value in _POLICIES:
        return _POLICIES[value]()
    path = Path(value)
    if not path.is_file():
        names = ", ".join(_POLICIES)
        raise click.BadParameter(
            f"{value}: not a policy name ({names}) nor a policy file", param_hint="--policy"
        )
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() in (".yaml", ".yml"):
            try:
                import yaml
            except ImportError as exc:  # pragma: no cover - the [yaml] extra is installed in tests
                raise click.BadParameter(
                    f"{value}: reading YAML needs the [yaml] extra", param_hint="--policy"
                ) from exc
            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
        if not isinstance(data, dict):
            raise PolicyError(f"expected a mapping of policy fields, got {type(data).__name__}")
        return Policy.from_dict(data)
    except (OSError, ValueError, PerfModelError) as exc:
        raise click.BadParameter(f"{value}: {exc}", param_hint="--policy") from exc
    except Exception as exc:  # yaml.YAMLError and friends
        raise click.BadParameter(f"{value}: {exc}", param_hint="--policy") from exc


# ---------------------------------------------------------------------------------------------
# JSON output
# ---------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _diag_json(diag: Diagnostic) -> dict[str, Any]:
    return {
        "severity": diag.severity.value,
        "code": diag.code,
        "message": diag.message,
        "file": diag.location.file,
        "line": diag.location.line,
        "form": diag.location.form,
        "field": diag.location.field,
        "expected": diag.expected,
    }


def _doc_json(doc: Unit | Project) -> dict[str, Any]:
    return {
        "name": doc.name,
        "kind": type(doc).__name__.lower(),
        "form": doc.form.value,
        "title": doc.form.title,
        "year": doc.year,
        "indicators": len(doc.indicators),
        "budget": _jsonable(doc.budget.amounts()),
    }


def _evaluation_json(ev: Evaluation) -> dict[str, Any]:
    ex = ev.execution
    data: dict[str, Any] = _jsonable(
        {
            "name": ev.name,
            "form": ev.form.value,
            "year": ev.year,
            "policy": ev.policy.name,
            "total": ev.total,
            "grade": None if ev.grade is None else ev.grade.label,
            "points": ev.points,
            "max_points": ev.max_points,
            "scaled": ev.scaled,
            "explanation": ev.explanation,
            "execution": None
            if ex is None
            else {
                "rate": None if ex.rate is None else str(quantize(ex.rate, Decimal("0.0001"))),
                "points": ex.points,
                "max_points": ex.max_points,
                "explanation": ex.explanation,
            },
            "level1": [
                {"name": s.level1, "points": s.points, "max_points": s.max_points}
                for s in ev.level1
            ],
            "indicators": [
                {
                    "path": r.path,
                    "status": r.status.value,
                    "max_points": r.max_points,
                    "points": r.points,
                    "rule": None if r.score is None else r.score.rule,
                    "explanation": r.note if r.score is None else r.score.explanation,
                }
                for r in ev.indicators
            ],
            "needs_reason": list(ev.needs_reason),
            "missing": list(ev.missing),
            "diagnostics": [_diag_json(d) for d in ev.diagnostics],
        }
    )
    return data


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _echo_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diag in diagnostics:
        colour = {"error": "red", "warning": "yellow"}.get(diag.severity.value)
        click.echo("  " + click.style(str(diag), fg=colour))


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

_files = click.argument("files", nargs=-1, required=True, metavar="FILE...")
_json = click.option("--json", "as_json", is_flag=True, help="Machine output (JSON) on stdout.")
_policy = click.option(
    "--policy",
    "policy_name",
    metavar="NAME|FILE",
    help="Scoring policy: central (default), provincial, whole_points, or a JSON/YAML file.",
)


class _Group(click.Group):
    """The command group: with ``--json`` among the arguments, an error that ends the command
    (usage, exit 2, or unavailable output, exit 3) is a JSON object on stdout,
    ``{"error": {"exit_code": 2, "message": "..."}}``, instead of text on stderr."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        head = args[: args.index("--")] if "--" in args else args
        ctx.meta["perfmodel.json"] = "--json" in head
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            if not ctx.meta.get("perfmodel.json"):
                raise
            _emit_json({"error": {"exit_code": exc.exit_code, "message": exc.format_message()}})
            raise click.exceptions.Exit(exc.exit_code) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="perfmodel")
def main() -> None:
    """Read, validate, score and report budget performance forms (预算绩效管理).

    Exit codes: 0 ok; 1 an input has errors; 2 usage error (bad option, no such file, bad
    policy); 3 the output cannot be produced (feature missing, cannot write).
    """


@main.command()
@_files
@_json
def read(files: tuple[str, ...], as_json: bool) -> None:
    """Read forms and print what was found, with every diagnostic."""
    results = _read_all(files)
    if as_json:
        _emit_json(
            [
                {
                    "file": str(path),
                    "documents": [_doc_json(d) for d in result.documents],
                    "diagnostics": [_diag_json(d) for d in result.diagnostics],
                }
                for path, result in results
            ]
        )
    else:
        for path, result in results:
            counts = {s.value: sum(d.severity is s for d in result.diagnostics) for s in Severity}
            click.echo(f"{path}: {len(result.documents)} forms, diagnostics {counts}")
            for doc in result.documents:
                click.echo(
                    f"  [{doc.form.title}] {doc.name} ({doc.year}): "
                    f"{len(doc.indicators)} indicators"
                )
            _echo_diagnostics(result.diagnostics)
    sys.exit(EXIT_FINDINGS if _has_errors(results) else EXIT_OK)


@main.command()
@_files
@_json
@_policy
@click.option("--disable", multiple=True, metavar="CODE", help="Skip a check (code or prefix).")
def validate(
    files: tuple[str, ...], as_json: bool, policy_name: str | None, disable: tuple[str, ...]
) -> None:
    """Validate forms; exit 1 when any error is found."""
    from .validate import DEFAULT_CHECKS
    from .validate import validate as run_checks

    _check_disable(disable, [check.code for check in DEFAULT_CHECKS])
    policy = load_policy(policy_name) if policy_name else None
    results = _read_all(files)
    report = []
    failed = False
    for path, result in results:
        found = run_checks(result.documents, policy=policy, checks=DEFAULT_CHECKS, disable=disable)
        diagnostics = [*result.errors, *found]
        failed = failed or any(d.is_error for d in diagnostics) or not result.documents
        report.append((path, result, diagnostics))
    if as_json:
        _emit_json(
            [
                {
                    "file": str(path),
                    "documents": len(result.documents),
                    "errors": sum(d.is_error for d in diags),
                    "diagnostics": [_diag_json(d) for d in diags],
                }
                for path, result, diags in report
            ]
        )
    else:
        for path, result, diags in report:
            errors = sum(d.is_error for d in diags)
            warnings = sum(d.severity is Severity.WARNING for d in diags)
            verdict = click.style("FAIL", fg="red") if errors else click.style("ok", fg="green")
            click.echo(
                f"{path}: {verdict} — {len(result.documents)} forms, "
                f"{errors} errors, {warnings} warnings"
            )
            _echo_diagnostics(diags)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _check_disable(disable: Sequence[str], codes: Sequence[str]) -> None:
    """A usage error for a ``--disable`` value that is no check's code nor a prefix of one.

    >>> _check_disable(["PM1", "PM201"], ["PM101", "PM201"])
    >>> _check_disable(["XYZ"], ["PM101", "PM201"])
    Traceback (most recent call last):
    ...
    click.exceptions.BadParameter: XYZ: no check has this code or a code starting with it; ...
    """
    for item in disable:
        if not item or not any(code.startswith(item) for code in codes):
            families = ", ".join(dict.fromkeys(code[:3] for code in codes))
            raise click.BadParameter(
                f"{item}: no check has this code or a code starting with it; codes start with "
                f"{families} (see docs/validation.md)",
                param_hint="--disable",
            )


def _evaluations(
    results: list[tuple[Path, ReadResult]], policy: Policy
) -> list[tuple[Path, ReadResult, Unit | Project, Evaluation]]:
    out = []
    for path, result in results:
        for doc in result.documents:
            out.append((path, result, doc, evaluate(doc, policy=policy)))
    return out


@main.command()
@_files
@_json
@_policy
@click.option("--scorecard", is_flag=True, help="Print the whole text scorecard of each form.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def score(
    files: tuple[str, ...], as_json: bool, policy_name: str | None, scorecard: bool, lang: str
) -> None:
    """Score forms under a policy: total, grade, subtotals and the explanation."""
    policy = load_policy(policy_name)
    results = _read_all(files)
    _echo_unread(results)
    scored = _evaluations(results, policy)
    if as_json:
        _emit_json([{"file": str(p), **_evaluation_json(ev)} for p, _, _, ev in scored])
    elif scorecard:
        from .report import render_text

        width = shutil.get_terminal_size((120, 24)).columns
        for _, result, doc, ev in scored:
            click.echo(render_text(doc, ev, lang=lang, diagnostics=result.diagnostics, width=width))
    else:
        for path, _, doc, ev in scored:
            grade = "" if ev.grade is None else f" {ev.grade.label}"
            total = "—" if ev.total is None else str(ev.total)
            click.echo(f"{path}: {doc.name} ({doc.year}) [{doc.form.title}]")
            click.echo(f"  总分 {total}{grade}: {ev.explanation}")
            if ev.execution is not None:
                click.echo(
                    f"  预算执行率 {ev.execution.points}/{ev.execution.max_points}: "
                    f"{ev.execution.explanation}"
                )
            for sub in ev.level1:
                click.echo(f"  {sub.level1} {sub.points}/{sub.max_points}")
            for path_ in ev.needs_reason:
                click.echo(f"  需补充偏差原因: {path_}")
    sys.exit(EXIT_FINDINGS if _has_errors(results) else EXIT_OK)


def _write(output: str, content: str | bytes) -> None:
    if output == "-":
        if isinstance(content, bytes):
            raise click.BadParameter("binary output needs a file: -o FILE", param_hint="-o")
        click.echo(content, nl=False)
        return
    try:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise Unavailable(f"cannot write {output}: {exc}") from exc
    click.echo(f"wrote {output}", err=True)


@main.command()
@_files
@_json
@_policy
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "text", "xlsx", "json"]),
    default="md",
    show_default=True,
)
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-': stdout).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--no-validate", is_flag=True, help="Do not run the validation checks.")
def report(
    files: tuple[str, ...],
    as_json: bool,
    policy_name: str | None,
    fmt: str,
    output: str,
    lang: str,
    no_validate: bool,
) -> None:
    """Write scorecards (the official 自评表/申报表 layout) of every form into one output."""
    policy = load_policy(policy_name)
    results = _read_all(files)
    _echo_unread(results)
    scored = _evaluations(results, policy)
    if fmt in ("xlsx", "json"):
        docs = [doc for _, _, doc, _ in scored]
        evaluations = [ev for _, _, _, ev in scored]
        if fmt == "xlsx":
            from .serialize import write_xlsx

            if output == "-":
                raise click.BadParameter("xlsx output needs a file: -o FILE", param_hint="-o")
            try:
                Path(output).parent.mkdir(parents=True, exist_ok=True)
                write_xlsx(docs, output, evaluations=evaluations)
            except OSError as exc:
                raise Unavailable(f"cannot write {output}: {exc}") from exc
            except SerializationError as exc:  # the [excel] extra is missing
                raise Unavailable(str(exc)) from exc
            click.echo(f"wrote {output}", err=True)
        else:
            from .serialize import to_json

            # each document followed by its evaluation, every one a typed perfmodel/1 object
            _write(
                output,
                to_json([item for pair in zip(docs, evaluations, strict=True) for item in pair]),
            )
    else:
        from .report import render_many

        items = []
        for _, result, doc, ev in scored:
            diagnostics = [d for d in result.diagnostics if d.location.form in (None, doc.name)]
            if not no_validate:
                from .validate import validate as run_checks

                diagnostics += run_checks(doc, policy=policy)
            items.append((doc, ev, diagnostics))
        width = shutil.get_terminal_size((120, 24)).columns if output == "-" else 120
        _write(output, render_many(items, format=fmt, lang=lang, width=width))
    if as_json:
        _emit_json({"output": output, "format": fmt, "documents": len(scored)})
    sys.exit(EXIT_FINDINGS if _has_errors(results) else EXIT_OK)


@main.command()
@_files
@_json
@_policy
@click.option(
    "--kind",
    type=click.Choice(["points", "level2", "execution", "portfolio"]),
    default="points",
    show_default=True,
    help="points/level2: points per level; execution: rate against time; portfolio: all forms.",
)
@click.option("-o", "--output", required=True, help="Image file (.png, .svg, .pdf).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def plot(
    files: tuple[str, ...],
    as_json: bool,
    policy_name: str | None,
    kind: str,
    output: str,
    lang: str,
) -> None:
    """Draw a plot of the first scored form (or of all forms, with --kind portfolio)."""
    try:
        from .report import plot as plots
    except ImportError as exc:
        raise Unavailable(f"plots need the [plot] extra (matplotlib): {exc}") from exc
    policy = load_policy(policy_name)
    results = _read_all(files)
    _echo_unread(results)
    evaluations = [ev for *_, ev in _evaluations(results, policy)]
    scored = [ev for ev in evaluations if ev.total is not None]
    try:
        if kind == "portfolio":
            figure = plots.plot_portfolio(evaluations, lang=lang)
        elif not scored:
            raise click.UsageError("no scored form to plot (declarations have no scores)")
        elif kind == "execution":
            figure = plots.plot_execution(scored[0], lang=lang)
        else:
            figure = plots.plot_points(scored[0], level=2 if kind == "level2" else 1, lang=lang)
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(output, dpi=150)
    except (OSError, ValueError, PerfModelError) as exc:
        raise Unavailable(f"cannot draw {output}: {exc}") from exc
    click.echo(f"wrote {output}", err=True)
    if as_json:
        _emit_json({"output": output, "kind": kind, "evaluations": len(evaluations)})
    sys.exit(EXIT_FINDINGS if _has_errors(results) else EXIT_OK)


@main.command()
@_json
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-': stdout).")
def schema(as_json: bool, output: str) -> None:
    """Print the JSON Schema of perfmodel's documents (from perfmodel.serialize)."""
    from .serialize import json_schema

    _write(output, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
