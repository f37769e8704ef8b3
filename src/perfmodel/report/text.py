"""Plain-text scorecards for terminals, with Chinese (double-width) characters aligned.

Widths are measured in terminal cells with :func:`unicodedata.east_asian_width`: wide (W) and
fullwidth (F) characters take two cells, combining marks none, everything else one (East Asian
*ambiguous* characters are counted as one, as most terminals outside CJK locales draw them).
Tables are drawn with ASCII ``+ - | =`` only, which every terminal draws one cell wide. Long
cells wrap inside their column; explanations become numbered notes under the tables.

>>> print(render_table(Table(("指标", "得分"), (("公园养护数", "1.00"),), numeric=frozenset({1}))))
+------------+------+
| 指标       | 得分 |
+============+======+
| 公园养护数 | 1.00 |
+------------+------+
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..errors import Diagnostic
from ..model import Project, Unit
from ..scoring import Evaluation
from .layout import build_scorecard
from .tables import Scorecard, Table

__all__ = [
    "display_width",
    "pad",
    "render_table",
    "render_text",
    "scorecard_text",
    "wrap_display",
]

_MIN_WIDTH = 6
_NUMBER_WIDTH = 10
_NO_LINE_START = frozenset("，。、；：？！）》」』”’,.;:?!)%")
_HEAD_WIDTH = 8


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes (a Chinese character takes two).

    >>> display_width("得分"), display_width("score"), display_width("=12.00(个)")
    (4, 5, 10)
    """
    return sum(_char_width(c) for c in text)


def wrap_display(text: str, width: int) -> list[str]:
    """Wrap ``text`` into lines of at most ``width`` cells (at least one character a line).

    Newlines in the text are kept; a Latin word is not split when it fits on a line.

    >>> wrap_display("偏差原因分析及改进措施", 8)
    ['偏差原因', '分析及改', '进措施']
    >>> wrap_display("not applicable", 8)
    ['not', 'applicab', 'le']
    >>> wrap_display("完成工作。开展", 8)
    ['完成工', '作。开展']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for token in _tokens(paragraph):
            w = display_width(token)
            if used + w > width and line.strip():
                carry = ""
                if token[0] in _NO_LINE_START and len(line) > 1:
                    # closing punctuation never starts a line: take a character with it
                    line, carry = line[:-1], line[-1]
                lines.append(line.rstrip())
                line, used = carry, display_width(carry)
                if token.isspace():
                    continue
            if used + w <= width:
                line, used = line + token, used + w
                continue
            for char in token:  # a word longer than the line
                cw = _char_width(char)
                if used + cw > width and line:
                    lines.append(line.rstrip())
                    line, used = "", 0
                line, used = line + char, used + cw
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> Iterable[str]:
    """Latin words (with a trailing space) stay whole; every other character is a token."""
    word = ""
    for char in text:
        if char.isascii() and not char.isspace():
            word += char
            continue
        if word:
            yield word
            word = ""
        yield char
    if word:
        yield word


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (left-aligned unless ``right``).

    >>> pad("执行", 6) + "|", pad("12", 4, right=True) + "|"
    ('执行  |', '  12|')
    """
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def _widths(
    header: tuple[str, ...] | None, rows: list[tuple[str, ...]], numeric: frozenset[int], limit: int
) -> list[int]:
    count = max((len(r) for r in ([header] if header else []) + rows), default=0)

    def natural(cells: list[tuple[str, ...]], i: int) -> int:
        return max((display_width(line) for r in cells for line in r[i].split("\n")), default=0)

    body = [natural(rows, i) for i in range(count)]
    head = [natural([header], i) if header else 0 for i in range(count)]
    # a heading wider than its column's contents wraps first (down to four Chinese characters)
    widths = [max(b, min(h, _HEAD_WIDTH), 1) for b, h in zip(body, head, strict=True)]
    slack = limit - 3 * count - 1
    for i in range(count):
        spare = slack - sum(widths)
        if spare > 0 and head[i] > widths[i]:
            widths[i] = min(head[i], widths[i] + spare)
    floor = [min(w, _NUMBER_WIDTH if i in numeric else _MIN_WIDTH) for i, w in enumerate(widths)]
    cells = [[display_width(line) for r in rows for line in r[i].split("\n")] for i in range(count)]

    def height(i: int, w: int) -> int:
        return sum(-(-c // max(w, 1)) for c in cells[i] if c)

    while sum(widths) > slack:
        candidates = [i for i in range(count) if widths[i] > floor[i]]
        if not candidates:
            break
        # narrow the column whose cells wrap least for it, the widest among equals
        cheapest = min(
            candidates, key=lambda i: (height(i, widths[i] - 1) - height(i, widths[i]), -widths[i])
        )
        widths[cheapest] -= 1
    return widths


def render_table(table: Table, *, width: int = 120, first_note: int = 1) -> str:
    """Draw one table in at most ``width`` cells (where the content allows).

    The explanation column (``note_column``) is drawn as a narrow column of note numbers
    ``[n]`` counted from ``first_note``; :func:`scorecard_text` prints the notes themselves.
    Merged leading cells (``merge``) are drawn once, with no rule through them.

    >>> t = Table(("一级", "二级"), (("产出", "数量"), ("产出", "质量")), merge=1)
    >>> print(render_table(t))
    +------+------+
    | 一级 | 二级 |
    +======+======+
    | 产出 | 数量 |
    |      +------+
    |      | 质量 |
    +------+------+
    """
    note = table.note_column
    rows = [tuple(r) for r in table.rows]
    number = first_note
    if note is not None:
        marked = []
        for r in rows:
            mark = ""
            if r[note]:
                mark, number = f"[{number}]", number + 1
            marked.append((*r[:note], mark, *r[note + 1 :]))
        rows = marked
    header = None if table.form_like else tuple(table.columns)
    if header is not None and note is not None:
        header = (*header[:note], table.note_mark, *header[note + 1 :])
    widths = _widths(header, rows, table.numeric, width)
    right = table.numeric

    def draw(cells: tuple[str, ...], align: bool) -> list[str]:
        wrapped = [wrap_display(c, widths[i]) for i, c in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = [
                pad(w[k] if k < len(w) else "", widths[i], right=align and i in right)
                for i, w in enumerate(wrapped)
            ]
            out.append("| " + " | ".join(parts) + " |")
        return out

    def rule(char: str, blank: list[bool] | None = None) -> str:
        segments = [
            " " * (w + 2) if blank and blank[i] else char * (w + 2) for i, w in enumerate(widths)
        ]
        line = ""
        for j in range(len(widths) + 1):
            left = blank[j - 1] if blank and j > 0 else (j == 0)
            right_blank = blank[j] if blank and j < len(widths) else (j == len(widths))
            line += "|" if left and right_blank else "+"
            if j < len(widths):
                line += segments[j]
        return line

    lines = [rule("-")]
    if header is not None:
        lines += draw(header, False)
        lines.append(rule("="))
    for index, cells in enumerate(rows):
        if index > 0:
            blank = [table.continued(index, c) for c in range(len(widths))]
            lines.append(rule("-", blank))
        shown = tuple("" if table.continued(index, c) else v for c, v in enumerate(cells))
        lines += draw(shown, True)
    lines.append(rule("-"))
    return "\n".join(lines)


def _underline(text: str, char: str) -> list[str]:
    return [text, char * display_width(text)]


def scorecard_text(card: Scorecard, *, width: int = 120) -> str:
    """Draw a :class:`~perfmodel.report.tables.Scorecard` as plain text.

    >>> print(scorecard_text(build_scorecard(Project("示例", year=2025))))
    财政项目支出绩效目标申报表
    ==========================
    （2025年度）
    <BLANKLINE>
    +----------+------+
    | 项目名称 | 示例 |
    +----------+------+
    <BLANKLINE>
    绩效指标
    +----------+----------+----------+--------+
    | 一级指标 | 二级指标 | 三级指标 | 指标值 |
    +==========+==========+==========+========+
    +----------+----------+----------+--------+
    <BLANKLINE>
    诊断信息
    --------
    无诊断信息
    """
    lines = _underline(card.title, "=")
    if card.subtitle:
        lines.append(card.subtitle)
    notes: list[str] = []
    for table in card.tables:
        lines.append("")
        if table.caption:
            lines.append(table.caption)
        lines.append(render_table(table, width=width, first_note=len(notes) + 1))
        if table.note_column is not None:
            for row in table.rows:
                if row[table.note_column]:
                    notes.append(row[table.note_column])
    if card.total is not None:
        lines += ["", f"{card.label('total')}：{card.total}    {card.label('grade')}：{card.grade}"]
    if notes:
        lines += ["", *_underline(card.label("notes"), "-")]
        lines += _hanging(notes, width)
    for heading, items in card.findings:
        lines += ["", *_underline(heading, "-")]
        lines += [f"- {item}" for item in items]
    lines += ["", *_underline(card.label("diagnostics"), "-")]
    if not card.diagnostics:
        lines.append(card.label("no_diagnostics"))
    for group in card.diagnostics:
        lines.append(
            f"{group.label}（{len(group.lines)}）"
            if card.lang == "zh"
            else f"{group.label} ({len(group.lines)})"
        )
        lines += [f"  - {line}" for line in group.lines]
    return "\n".join(lines) + "\n"


def _hanging(notes: list[str], width: int) -> list[str]:
    out = []
    for number, note in enumerate(notes, 1):
        mark = f"[{number}] "
        body = wrap_display(note, max(width - len(mark), 20))
        out.append(mark + body[0])
        out += [" " * len(mark) + rest for rest in body[1:]]
    return out


def render_text(
    doc: Unit | Project,
    evaluation: Evaluation | None = None,
    *,
    lang: str = "zh",
    diagnostics: Iterable[Diagnostic] = (),
    width: int = 120,
    kind: str = "auto",
) -> str:
    """The document's official table (自评表 or 申报表) as text for a terminal.

    >>> from perfmodel.model import Project
    >>> print(render_text(Project("示例", year=2025), lang="en", width=60))
    Project performance target declaration
    ======================================
    (fiscal year 2025)
    ...
    | Level 1 | Level 2 | Indicator | Target |
    ...
    """
    card = build_scorecard(doc, evaluation, lang=lang, diagnostics=diagnostics, kind=kind)
    return scorecard_text(card, width=width)
