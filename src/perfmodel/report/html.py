"""HTML scorecards: one self-contained file, printable on A4, no external assets.

The page carries its own stylesheet (``@page`` A4 with margins, table headings repeated on
every printed page, rows kept whole) and names Chinese fonts through a generic stack —
Noto/Source Han, PingFang, Microsoft YaHei, WenQuanYi, then the browser's ``sans-serif`` — so
it renders wherever a CJK font is installed and loads nothing from the network. Each score's
explanation is a numbered note under the tables, and a tooltip on its row.

>>> from perfmodel.model import Project
>>> page = render_html(Project("示例项目", year=2025))
>>> page.startswith("<!DOCTYPE html>"), "@page" in page, "http" in page
(True, True, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from ..errors import Diagnostic
from ..model import Project, Unit
from ..scoring import Evaluation
from .layout import build_scorecard
from .tables import Scorecard, Table

__all__ = [
    "FONT_STACK",
    "STYLE",
    "html_document",
    "html_page",
    "html_table",
    "render_html",
    "scorecard_html",
]

#: Fonts tried in order; the generic family at the end is always there.
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", sans-serif'
)

#: The stylesheet every scorecard carries (scoped under ``.pm``).
STYLE = f"""
@page {{ size: A4; margin: 14mm 12mm; }}
.pm {{ font-family: {FONT_STACK}; font-size: 10pt; line-height: 1.4; color: #1a1a1a; }}
.pm section.card {{ max-width: 186mm; margin: 0 auto 12mm; }}
.pm h1 {{ font-size: 16pt; text-align: center; margin: 0; letter-spacing: 0.05em; }}
.pm .subtitle {{ text-align: center; margin: 2pt 0 8pt; }}
.pm table {{ border-collapse: collapse; width: 100%; margin: 0 0 8pt; }}
.pm caption {{ caption-side: top; text-align: left; font-weight: 700; padding: 4pt 0 2pt; }}
.pm th, .pm td {{ border: 0.6pt solid #444; padding: 2pt 4pt; vertical-align: middle; }}
.pm thead th {{ background: #ececec; font-weight: 700; text-align: center; }}
.pm table.form th {{ width: 24%; text-align: left; background: #f3f3f3; font-weight: 700; }}
.pm td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.pm td.note {{ text-align: center; white-space: nowrap; font-size: 8pt; }}
.pm tr.strong td {{ font-weight: 700; background: #f6f6f6; }}
.pm .headline {{ font-size: 12pt; font-weight: 700; margin: 4pt 0 8pt; }}
.pm h2 {{ font-size: 11pt; margin: 10pt 0 4pt; }}
.pm ol.notes {{ font-size: 8.5pt; color: #333; padding-left: 2.2em; margin: 0; }}
.pm ul {{ margin: 0 0 6pt; padding-left: 1.4em; }}
.pm .error {{ color: #a40000; }}
.pm .warning {{ color: #8a5a00; }}
.pm .info {{ color: #555; }}
.pm .ok {{ color: #1b5e20; }}
.pm a {{ color: inherit; text-decoration: none; }}
@media print {{
  .pm thead {{ display: table-header-group; }}
  .pm tr {{ break-inside: avoid; }}
  .pm section.card + section.card {{ break-before: page; }}
}}
"""


def html_table(table: Table, *, prefix: str = "n", first_note: int = 1) -> str:
    """One table as HTML: merged cells as ``rowspan``, note numbers linked to the notes.

    >>> print(html_table(Table(("三级指标", "得分"), (("公园养护数", "1.00"),),
    ...                        numeric=frozenset({1}))))
    <table class="grid"><thead><tr><th>三级指标</th><th>得分</th></tr></thead><tbody>
    <tr><td>公园养护数</td><td class="num">1.00</td></tr>
    </tbody></table>
    """
    note = table.note_column
    classes = "form" if table.form_like else "grid"
    key = f' data-table="{escape(table.key)}"' if table.key else ""
    out = [f'<table class="{classes}"{key}>']
    if table.caption:
        out.append(f"<caption>{escape(table.caption)}</caption>")
    if not table.form_like:
        heads = [table.note_mark if i == note else c for i, c in enumerate(table.columns)]
        out.append(
            "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr></thead>"
        )
    out.append("<tbody>\n")
    number = first_note
    for index, row in enumerate(table.rows):
        attrs_ = ' class="strong"' if index in table.strong else ""
        if note is not None and row[note]:
            attrs_ += f' title="{escape(row[note])}"'
        cells = []
        for c, value in enumerate(row):
            if table.continued(index, c):
                continue
            span = 1
            while index + span < len(table.rows) and table.continued(index + span, c):
                span += 1
            rowspan = f' rowspan="{span}"' if span > 1 else ""
            if table.form_like and c == 0:
                cells.append(f"<th{rowspan}>{escape(value)}</th>")
            elif c == note:
                link = ""
                if value:
                    link = f'<sup><a href="#{prefix}{number}">{number}</a></sup>'
                    number += 1
                cells.append(f'<td class="note">{link}</td>')
            else:
                css = ' class="num"' if c in table.numeric else ""
                text = escape(value).replace("\n", "<br>")
                cells.append(f"<td{css}{rowspan}>{text}</td>")
        out.append(f"<tr{attrs_}>" + "".join(cells) + "</tr>\n")
    out.append("</tbody></table>")
    return "".join(out)


def scorecard_html(card: Scorecard, *, prefix: str = "n") -> str:
    """One scorecard as an HTML ``<section>`` (no page around it; see :func:`html_page`).

    ``prefix`` keeps note anchors unique when several scorecards share a page.

    >>> from perfmodel.model import Project
    >>> scorecard_html(build_scorecard(Project("示例"))).splitlines()[0]
    '<section class="card"><h1>财政项目支出绩效目标申报表</h1>'
    """
    parts = [f'<section class="card"><h1>{escape(card.title)}</h1>']
    if card.subtitle:
        parts.append(f'<p class="subtitle">{escape(card.subtitle)}</p>')
    notes: list[str] = []
    for table in card.tables:
        if not table.rows and table.form_like:
            continue
        parts.append(html_table(table, prefix=prefix, first_note=len(notes) + 1))
        if table.note_column is not None:
            notes += [r[table.note_column] for r in table.rows if r[table.note_column]]
    if card.total is not None:
        parts.append(
            f'<p class="headline" data-total="{escape(card.total)}">'
            f"{escape(card.label('total'))}：{escape(card.total)}　"
            f"{escape(card.label('grade'))}：{escape(card.grade or '')}</p>"
        )
    if notes:
        parts.append(f'<h2>{escape(card.label("notes"))}</h2><ol class="notes">')
        parts += [f'<li id="{prefix}{i}">{escape(n)}</li>' for i, n in enumerate(notes, 1)]
        parts.append("</ol>")
    for heading, items in card.findings:
        parts.append(f"<h2>{escape(heading)}</h2><ul>")
        parts += [f"<li>{escape(item)}</li>" for item in items]
        parts.append("</ul>")
    parts.append(f"<h2>{escape(card.label('diagnostics'))}</h2>")
    if not card.diagnostics:
        parts.append(f"<p>{escape(card.label('no_diagnostics'))}</p>")
    for group in card.diagnostics:
        css = group.severity.value
        parts.append(
            f'<p class="{css}"><strong>{escape(group.label)} ({len(group.lines)})</strong></p>'
            f'<ul class="{css}" data-severity="{css}">'
        )
        parts += [f"<li>{escape(line)}</li>" for line in group.lines]
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def html_document(body: str, *, title: str, lang: str = "zh") -> str:
    """A complete, self-contained HTML page (the scorecards' stylesheet) around ``body``.

    ``body`` is one or more ``<section class="card">`` elements, e.g. from
    :func:`scorecard_html` or :func:`perfmodel.report.monitoring_html`.

    >>> page = html_document('<section class="card"><h1>甲</h1></section>', title="甲")
    >>> page.startswith("<!DOCTYPE html>"), '<html lang="zh-CN">' in page
    (True, True)
    >>> "<title>甲</title>" in page
    True
    """
    code = "en" if lang == "en" else "zh-CN"
    return (
        f'<!DOCTYPE html>\n<html lang="{code}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body class="pm">\n{body}\n</body>\n</html>\n'
    )


def html_page(cards: Sequence[Scorecard], *, title: str | None = None) -> str:
    """A complete, self-contained HTML page holding one or more scorecards.

    >>> from perfmodel.model import Project
    >>> page = html_page([build_scorecard(Project("甲")), build_scorecard(Project("乙"))])
    >>> page.count('<section class="card">'), "<title>甲；乙</title>" in page
    (2, True)
    """
    lang = "en" if cards and cards[0].lang == "en" else "zh"
    heading = title or "；".join(c.name for c in cards) or "perfmodel"
    body = "\n".join(scorecard_html(c, prefix=f"s{i}n") for i, c in enumerate(cards, 1))
    return html_document(body, title=heading, lang=lang)


def render_html(
    doc: Unit | Project,
    evaluation: Evaluation | None = None,
    *,
    lang: str = "zh",
    diagnostics: Iterable[Diagnostic] = (),
    kind: str = "auto",
) -> str:
    """The document's official table (自评表 or 申报表) as a self-contained HTML page.

    >>> from perfmodel.model import Project
    >>> '<html lang="en">' in render_html(Project("p"), lang="en")
    True
    """
    card = build_scorecard(doc, evaluation, lang=lang, diagnostics=diagnostics, kind=kind)
    return html_page([card])
