"""Markdown scorecards (GitHub-flavoured pipe tables).

Every table of the official form becomes a pipe table; the explanation of each score stays in
its own column (评分说明), next to the figure it explains. Merged cells of the form (一级指标,
二级指标) are written once, the cells below left blank, as on the printed form.

>>> print(markdown_table(Table(("三级指标", "得分"), (("公园养护数", "1.00"),),
...                            numeric=frozenset({1}))))
| 三级指标 | 得分 |
| --- | ---: |
| 公园养护数 | 1.00 |
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Diagnostic
from ..model import Project, Unit
from ..scoring import Evaluation
from .layout import build_scorecard
from .tables import Scorecard, Table

__all__ = ["markdown_table", "render_markdown", "scorecard_markdown"]


#: Characters that mean something inline in (GitHub-flavoured) Markdown, each written with a
#: backslash before it so it shows as itself: emphasis (``_`` only where it is not inside a word,
#: as in ``001_f6d8.txt``), code, strikethrough, the table's ``|``, and a ``]`` that would close
#: a link (``[a](b)``, ``[a][b]``, ``[a]: b``).
_INLINE = re.compile(r"([\\`*~|]|(?<!\w)_|_(?!\w)|\](?=[(\[:]))")
#: What makes a line a heading, a list item, a task box or a rule when it begins one.
_BLOCK = re.compile(r"^(#{1,6}|[+-]|\d{1,9}(?=[.)]))(?=[.)]?(\s|$))|^(?=-[-\s]*$|\[)")


def escape(text: str) -> str:
    """``text`` as Markdown that shows it as written: HTML is escaped (``<``, ``>``, ``&``),
    characters with an inline meaning get a backslash, a line break becomes ``<br>``, and a
    start that would make a heading or a list item is escaped.

    >>> print(escape("<script>alert(1)</script> a|b *c* [d](e) & 1_2 _x [80%, 100%]"))
    &lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\*c\\* [d\\](e) &amp; 1_2 \\_x [80%, 100%]
    >>> print(escape("# 标题"), escape("1. 一"), escape("- x"), escape("-5%"), escape("1.00"))
    \\# 标题 1\\. 一 \\- x -5% 1.00
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _INLINE.sub(r"\\\1", escaped)
    match = _BLOCK.match(escaped)
    if match is not None:
        end = match.end(1) if match.group(1) and match.group(1)[0].isdigit() else match.start()
        escaped = f"{escaped[:end]}\\{escaped[end:]}"
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def _cell(text: str, strong: bool = False) -> str:
    escaped = escape(text)
    return f"**{escaped}**" if strong and escaped else escaped


def markdown_table(table: Table) -> str:
    """One table as a Markdown pipe table (a ``form_like`` table uses its first row as head).

    >>> print(markdown_table(Table((), (("项目名称", "示例"), ("主管部门", "某局")),
    ...                            form_like=True)))
    | 项目名称 | 示例 |
    | --- | --- |
    | 主管部门 | 某局 |
    """
    rows = [tuple(r) for r in table.rows]
    if table.form_like:
        if not rows:
            return ""
        head, body, offset = rows[0], rows[1:], 1
    else:
        head, body, offset = tuple(table.columns), rows, 0
    align = ["---:" if i in table.numeric else "---" for i in range(len(head))]
    lines = [
        "| " + " | ".join(_cell(h) for h in head) + " |",
        "| " + " | ".join(align) + " |",
    ]
    for index, cells in enumerate(body, offset):
        strong = index in table.strong
        shown = ["" if table.continued(index, c) else v for c, v in enumerate(cells)]
        lines.append("| " + " | ".join(_cell(v, strong) for v in shown) + " |")
    return "\n".join(lines)


def scorecard_markdown(card: Scorecard) -> str:
    """A whole :class:`~perfmodel.report.tables.Scorecard` as Markdown.

    >>> from perfmodel.model import Project
    >>> print(scorecard_markdown(build_scorecard(Project("示例", year=2025))))
    # 财政项目支出绩效目标申报表
    <BLANKLINE>
    （2025年度）
    <BLANKLINE>
    | 项目名称 | 示例 |
    ...
    """
    parts = [f"# {_cell(card.title)}"]
    if card.subtitle:
        parts.append(_cell(card.subtitle))
    for table in card.tables:
        if table.caption:
            parts.append(f"### {_cell(table.caption)}")
        rendered = markdown_table(table)
        if rendered:
            parts.append(rendered)
    if card.total is not None:
        parts.append(
            f"**{card.label('total')}：{card.total}　{card.label('grade')}：{card.grade}**"
            f"（{_cell(card.total_explanation)}）"
        )
    for heading, items in card.findings:
        parts.append(f"### {_cell(heading)}")
        parts.append("\n".join(f"- {_cell(item)}" for item in items))
    parts.append(f"### {card.label('diagnostics')}")
    if not card.diagnostics:
        parts.append(card.label("no_diagnostics"))
    for group in card.diagnostics:
        count = f"（{len(group.lines)}）" if card.lang == "zh" else f" ({len(group.lines)})"
        parts.append(f"**{group.label}{count}**")
        parts.append("\n".join(f"- {_cell(line)}" for line in group.lines))
    return "\n\n".join(parts) + "\n"


def render_markdown(
    doc: Unit | Project,
    evaluation: Evaluation | None = None,
    *,
    lang: str = "zh",
    diagnostics: Iterable[Diagnostic] = (),
    kind: str = "auto",
) -> str:
    """The document's official table (自评表 or 申报表) as Markdown.

    >>> from perfmodel.model import Project
    >>> "| Level 1 | Level 2 |" in render_markdown(Project("p"), lang="en")
    True
    """
    card = build_scorecard(doc, evaluation, lang=lang, diagnostics=diagnostics, kind=kind)
    return scorecard_markdown(card)
