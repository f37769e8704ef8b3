"""The scorecard as plain tables of text, before any output format is chosen.

:func:`build_scorecard` lays a document and its :class:`~perfmodel.scoring.Evaluation` out as
the official tables — the self-evaluation table (项目支出绩效自评表: 项目资金, 年度总体目标,
绩效指标 with 总分 and 等级) or the declaration table (申报表) of a target-only document — plus
a score summary, what needs attention, and the diagnostics grouped by severity. The Markdown,
HTML and text renderers only draw these tables; none of them computes a figure.

>>> from decimal import Decimal
>>> from perfmodel.model import Budget, Indicator, Project
>>> from perfmodel.targets import parse_actual, parse_target
>>> ind = Indicator("开放天数", "产出指标", "数量指标", parse_target("≥300天"),
...                 actual=parse_actual("280天"), max_points=Decimal(50))
>>> doc = Project("公园开放", year=2024, indicators=[ind],
...               budget=Budget(adjusted=Decimal(200000), executed=Decimal(190000)))
>>> card = build_scorecard(doc)
>>> card.kind, card.title, card.total, card.grade
('self_evaluation', '项目支出绩效自评表', '93.62', '优')
>>> [t.key for t in card.tables]
['header', 'funds', 'indicators', 'summary']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..errors import Diagnostic, ReportError
from ..model import Budget, FormKind, Project, Unit
from ..scoring import Evaluation, IndicatorResult, IndicatorStatus, evaluate
from ..vocab import GRADE_LABELS_EN, report_label
from .tables import (
    Scorecard,
    Table,
    format_percent,
    format_points,
    format_wan,
    group_diagnostics,
)

__all__ = ["build_scorecard"]

# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def _subtitle(year: int | None, lang: str) -> str:
    if year is None:
        return ""
    return f"(fiscal year {year})" if lang == "en" else f"（{year}年度）"


def _target_text(result: IndicatorResult) -> str:
    target = result.indicator.target
    if target is None:
        return ""
    return target.text or str(target)


def _points_cell(result: IndicatorResult, lang: str) -> str:
    status = result.status
    if status is IndicatorStatus.SCORED and result.points is not None:
        return str(result.points)
    return {
        IndicatorStatus.NOT_APPLICABLE: report_label("not_applicable", lang),
        IndicatorStatus.PENDING: "",
        IndicatorStatus.REFERENCE: report_label("reference", lang),
        IndicatorStatus.UNWEIGHTED: report_label("unweighted", lang),
    }.get(status, "")


def _how(result: IndicatorResult, lang: str) -> str:
    parts = []
    score = result.score
    if score is not None:
        parts.append(f"{score.rule_label}：{score.explanation}")
        parts.extend(score.notes)
    if result.note:
        parts.append(result.note)
    if result.allocated and result.max_points is not None:
        parts.append(f"{report_label('allocated', lang)}（{format_points(result.max_points)}）")
    return "；".join(p for p in parts if p)


def _grade_text(evaluation: Evaluation, lang: str) -> str | None:
    if evaluation.grade is None:
        return None
    if lang == "en":
        return f"{GRADE_LABELS_EN[evaluation.grade.value]} ({evaluation.grade.label})"
    return evaluation.grade.label


def _self_funds(doc: Unit | Project, ev: Evaluation, lang: str) -> Table:
    b, ex = doc.budget, ev.execution
    checks = {c.label: c for c in ev.rate_checks}

    def rate(label: str, fraction: Decimal | None) -> str:
        shown = format_percent(fraction)
        check = checks.get(label)
        if check is not None and check.stated_rate is not None and check.matches is False:
            shown += f"（{report_label('stated_as', lang)} {format_percent(check.stated_rate)}）"
        return shown

    budgeted = b.adjusted if b.adjusted is not None else (ex.budgeted if ex else b.budgeted)
    overall = ex.rate if ex is not None else (checks["整体"].rate if "整体" in checks else None)
    rows: list[tuple[str, ...]] = [
        (
            report_label("annual_funds", lang),
            format_wan(b.initial),
            format_wan(budgeted),
            format_wan(b.executed),
            format_points(ex.max_points) if ex else "",
            rate("整体", overall),
            str(ex.points) if ex else "",
            ex.explanation if ex else "",
        )
    ]
    dash = "—"
    if isinstance(doc, Unit) or b.basic_executed is not None or b.project_executed is not None:
        for key, label, planned, done in (
            ("basic", "基本支出", b.basic, b.basic_executed),
            ("project_exp", "项目支出", b.project, b.project_executed),
        ):
            if planned is None and done is None:
                continue
            check = checks.get(label)
            rows.append(
                (
                    report_label(key, lang),
                    "",
                    format_wan(planned),
                    format_wan(done),
                    dash,
                    rate(label, check.rate if check else None),
                    dash,
                    check.explanation if check else "",
                )
            )
    else:
        for key, amount in (
            ("of_which_fiscal", b.annual_fiscal),
            ("carryover", b.carryover),
            ("other_funds", b.annual_other),
        ):
            if amount is not None:
                rows.append(
                    (report_label(key, lang), format_wan(amount), "", "", dash, "", dash, "")
                )
    heading = "funds_unit" if isinstance(doc, Unit) else "funds_project"
    columns = tuple(
        report_label(k, lang)
        for k in (heading, "initial", "adjusted", "executed", "max_points", "rate", "points", "how")
    )
    return Table(
        columns,
        tuple(rows),
        numeric=frozenset({1, 2, 3, 4, 5, 6}),
        note_column=7,
        key="funds",
        note_mark=report_label("note", lang),
    )


def _indicator_table(ev: Evaluation, lang: str) -> Table:
    rows: list[tuple[str, ...]] = []
    needs = set(ev.needs_reason)
    for r in ev.indicators:
        ind = r.indicator
        reason = ind.deviation_reason or (
            report_label("reason_missing", lang) if r.path in needs else ""
        )
        max_points = r.max_points if r.max_points is not None else ind.max_points
        rows.append(
            (
                ind.level1,
                ind.level2,
                ind.name,
                _target_text(r),
                "" if ind.actual is None else ind.actual.text,
                format_points(max_points),
                _points_cell(r, lang),
                reason,
                _how(r, lang),
            )
        )
    strong = frozenset({len(rows), len(rows) + 1})
    total = "" if ev.total is None else str(ev.total)
    full = format_points(ev.policy.full_marks)
    rows.append((report_label("total", lang), "", "", "", "", full, total, "", ev.explanation))
    rows.append(
        (report_label("grade", lang), "", "", "", "", "", _grade_text(ev, lang) or "", "", "")
    )
    keys = (
        "level1",
        "level2",
        "level3",
        "target",
        "actual",
        "max_points",
        "points",
        "reason",
        "how",
    )
    return Table(
        tuple(report_label(k, lang) for k in keys),
        tuple(rows),
        caption=report_label("indicators", lang),
        numeric=frozenset({5, 6}),
        merge=2,
        note_column=8,
        strong=strong,
        key="indicators",
        note_mark=report_label("note", lang),
    )


def _summary_table(ev: Evaluation, lang: str) -> Table:
    rows: list[tuple[str, ...]] = []
    ex = ev.execution
    if ex is not None:
        share = None if ex.max_points == 0 else ex.points / ex.max_points
        rows.append(
            (
                report_label("execution", lang),
                format_points(ex.max_points),
                format_points(ex.max_points),
                str(ex.points),
                format_percent(share),
            )
        )
    for sub in ev.level1:
        rows.append(
            (
                sub.level1,
                format_points(sub.weight),
                format_points(sub.max_points),
                str(sub.points),
                format_percent(sub.share),
            )
        )
    share = None if ev.max_points == 0 else ev.points / ev.max_points
    rows.append(
        (
            report_label("subtotal", lang),
            "",
            format_points(ev.max_points),
            str(ev.points),
            format_percent(share),
        )
    )
    if ev.total is not None:
        full = format_points(ev.policy.full_marks)
        rows.append((report_label("total", lang), "", full, str(ev.total), ""))
    keys = ("item", "weight", "max_points", "points", "share")
    return Table(
        tuple(report_label(k, lang) for k in keys),
        tuple(rows),
        caption=report_label("summary", lang),
        key="summary",
        numeric=frozenset({1, 2, 3, 4}),
        strong=frozenset(range(len(rows) - (2 if ev.total is not None else 1), len(rows))),
    )


def _findings(ev: Evaluation, lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out: list[tuple[str, tuple[str, ...]]] = []
    if ev.needs_reason:
        out.append((report_label("needs_reason", lang), ev.needs_reason))
    if ev.missing:
        out.append((report_label("missing_actual", lang), ev.missing))
    if ev.differences:
        lines = tuple(
            f"{d.path}：{report_label('stated_as', lang)} {d.stated}，"
            f"{'computed' if lang == 'en' else '计算'} {d.computed}"
            for d in ev.differences
        )
        out.append((report_label("difference", lang), lines))
    if ev.rate_checks:
        out.append((report_label("rate_check", lang), tuple(c.explanation for c in ev.rate_checks)))
    return tuple(out)


def _fields(pairs: Sequence[tuple[str, str | None]], key: str = "header") -> Table:
    rows = tuple((label, value) for label, value in pairs if value)
    return Table((), rows, form_like=True, key=key)


def _header(doc: Unit | Project, lang: str) -> Table:
    if isinstance(doc, Project):
        period = ""
        if doc.start is not None or doc.end is not None:
            period = f"{doc.start or ''} ~ {doc.end or ''}"
        return _fields(
            [
                (report_label("project_name", lang), doc.name),
                (report_label("department", lang), doc.department),
                (report_label("implementer", lang), doc.implementer),
                (report_label("nature", lang), doc.nature),
                (report_label("categories", lang), "、".join(doc.categories)),
                (report_label("period", lang), period),
            ]
        )
    return _fields(
        [
            (report_label("unit_name", lang), doc.name),
            (report_label("funding_method", lang), doc.funding_method),
            (
                report_label("headcount", lang),
                None if doc.headcount is None else str(doc.headcount),
            ),
            (
                report_label("departments", lang),
                None if doc.departments is None else str(doc.departments),
            ),
        ]
    )


def _self_evaluation(
    doc: Unit | Project, ev: Evaluation, lang: str, diagnostics: Sequence[Diagnostic]
) -> Scorecard:
    title = "title_unit_self" if isinstance(doc, Unit) else "title_project_self"
    tables = [_header(doc, lang), _self_funds(doc, ev, lang)]
    goal = doc.annual_goals if isinstance(doc, Unit) else doc.annual_goal
    outcome = None if isinstance(doc, Unit) else doc.annual_outcome
    if goal or outcome:
        columns = (report_label("expected_goal", lang), report_label("actual_goal", lang))
        caption = report_label("annual_goal", lang)
        tables.append(Table(columns, ((goal or "", outcome or ""),), caption=caption, key="goals"))
    tables.append(_indicator_table(ev, lang))
    if ev.scored or ev.execution is not None:
        tables.append(_summary_table(ev, lang))
    return Scorecard(
        kind="self_evaluation",
        lang=lang,
        title=report_label(title, lang),
        subtitle=_subtitle(doc.year, lang),
        name=doc.name,
        tables=tuple(tables),
        total=None if ev.total is None else str(ev.total),
        grade=_grade_text(ev, lang),
        total_explanation=ev.explanation,
        findings=_findings(ev, lang),
        diagnostics=group_diagnostics([*diagnostics, *ev.diagnostics], lang=lang, form=doc.name),
    )


def _amount_table(
    caption_key: str, pairs: Sequence[tuple[str, Decimal | None]], lang: str
) -> Table:
    rows = tuple((report_label(k, lang), format_wan(v)) for k, v in pairs if v is not None)
    columns = (report_label(caption_key, lang), report_label("amount", lang))
    return Table(columns, rows, numeric=frozenset({1}), key="funds")


def _declaration_indicators(doc: Unit | Project, lang: str) -> Table:
    indicators = list(doc.indicators)
    optional: list[tuple[str, list[str | None]]] = [
        ("unit", [i.unit for i in indicators]),
        ("explanation_col", [i.explanation for i in indicators]),
        ("rule_col", [i.rule_text for i in indicators]),
        ("max_points", [format_points(i.max_points) for i in indicators]),
    ]
    keys = ["level1", "level2", "level3", "target_decl"]
    columns: list[list[str]] = [
        [i.level1 for i in indicators],
        [i.level2 for i in indicators],
        [i.name for i in indicators],
        ["" if i.target is None else (i.target.text or str(i.target)) for i in indicators],
    ]
    for key, values in optional:
        if any(values):
            keys.append(key)
            columns.append([v or "" for v in values])
    rows = tuple(zip(*columns, strict=True)) if indicators else ()
    numeric = frozenset({len(keys) - 1}) if keys[-1] == "max_points" else frozenset()
    return Table(
        tuple(report_label(k, lang) for k in keys),
        rows,
        caption=report_label("indicators", lang),
        merge=2,
        numeric=numeric,
        key="indicators",
    )


def _declaration(doc: Unit | Project, lang: str, diagnostics: Sequence[Diagnostic]) -> Scorecard:
    b: Budget = doc.budget
    tables = [_header(doc, lang)]
    if isinstance(doc, Project):
        title = "title_project_table" if doc.form is FormKind.PROJECT_TARGET_TABLE else None
        amounts = _amount_table(
            "funds_project",
            [
                ("total_funds", b.total),
                ("fiscal", b.fiscal),
                ("other_funds", b.other),
                ("annual_total", b.annual_total),
                ("of_which_fiscal", b.annual_fiscal),
                ("carryover", b.carryover),
                ("other_funds", b.annual_other),
            ],
            lang,
        )
        overall = report_label("overall_goal", lang)
        if doc.goal_period is not None:
            overall += f"（{doc.goal_period[0]}-{doc.goal_period[1]}）"
        goals = _fields(
            [(overall, doc.overall_goal), (report_label("annual_goal", lang), doc.annual_goal)],
            key="goals",
        )
    else:
        title = "title_unit_decl"
        amounts = _amount_table(
            "funds_unit",
            [
                ("budget_total", b.total),
                ("fiscal_unit", b.fiscal),
                ("other_funds", b.other),
                ("basic", b.basic),
                ("project_exp", b.project),
            ],
            lang,
        )
        goals = _fields(
            [
                (report_label("duties", lang), doc.duties),
                (report_label("annual_goals", lang), doc.annual_goals),
            ],
            key="goals",
        )
    if amounts.rows:
        tables.append(amounts)
    if goals.rows:
        tables.append(goals)
    if isinstance(doc, Unit) and doc.key_tasks:
        columns = (report_label("task_name", lang), report_label("task_content", lang))
        rows = tuple((t.name, t.content) for t in doc.key_tasks)
        tables.append(Table(columns, rows, caption=report_label("key_tasks", lang), key="tasks"))
    tables.append(_declaration_indicators(doc, lang))
    return Scorecard(
        kind="declaration",
        lang=lang,
        title=report_label(title or "title_project_decl", lang),
        subtitle=_subtitle(doc.year, lang),
        name=doc.name,
        tables=tuple(tables),
        diagnostics=group_diagnostics(diagnostics, lang=lang, form=doc.name),
    )


def build_scorecard(
    doc: Unit | Project,
    evaluation: Evaluation | None = None,
    *,
    lang: str = "zh",
    diagnostics: Iterable[Diagnostic] = (),
    kind: str = "auto",
) -> Scorecard:
    """Lay a document out as its official table (自评表 or 申报表), ready to render.

    ``kind="auto"`` picks the self-evaluation table when there is something scored (the
    document is evaluated with the default policy when ``evaluation`` is not given and it
    carries actuals), else the declaration table; ``"self_evaluation"`` and
    ``"declaration"`` force one. ``diagnostics`` (from reading and validation) are listed
    with the evaluation's own, grouped by severity.

    >>> build_scorecard(Project("p"), kind="declaration", lang="en").title
    'Project performance target declaration'
    >>> build_scorecard(Project("p"), kind="sideways")
    Traceback (most recent call last):
    ...
    perfmodel.errors.ReportError: kind must be 'auto', ... not 'sideways'
    """
    if kind not in ("auto", "self_evaluation", "declaration"):
        raise ReportError(f"kind must be 'auto', 'self_evaluation' or 'declaration', not {kind!r}")
    if lang not in ("zh", "en"):
        raise ReportError(f"lang must be 'zh' or 'en', not {lang!r}")
    diags = list(diagnostics)
    if kind == "declaration":
        return _declaration(doc, lang, diags)
    has_actuals = doc.form.is_self_evaluation or any(i.actual is not None for i in doc.indicators)
    if evaluation is None and (kind == "self_evaluation" or has_actuals):
        evaluation = evaluate(doc)
    if evaluation is not None and (
        kind == "self_evaluation" or evaluation.scored or evaluation.execution is not None
    ):
        return _self_evaluation(doc, evaluation, lang, diags)
    return _declaration(doc, lang, diags)
