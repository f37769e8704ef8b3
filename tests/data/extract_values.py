#!/usr/bin/env python3
"""Find candidate target-value (指标值) strings in the seed files.

A helper for writing tests/data/target_values.tsv and actual_values.tsv by hand:
it walks the indicator tables of tests/data/seeds/*.txt with a simple heuristic
(see tests/expected/CONVENTIONS.md, rules 1, 6-8) and prints what it takes to be
the target values, and for the self-evaluation layout (001) the 全年完成值
(actual) cells.  Its output is a starting point to check by eye, not the truth.

Usage:  python tests/data/extract_values.py [--where] [--distinct]
  --where     also print file:line for every occurrence
  --distinct  print only the distinct strings (default prints both sections
              as distinct strings with occurrence counts)

Stdlib only; does not import perfmodel.
"""

import re
import sys
from collections import OrderedDict
from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "seeds"

LEVEL1 = {"产出指标", "效益指标", "满意度指标", "投入管理指标"}
LEVEL2 = {
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "预算编审管理",
    "预算执行管理",
    "预算绩效管理",
    "资产管理",
    "预算透明度",
    "内部控制管理",
    "预算信息化",
}
CAPTIONS = {"绩效指标", "分解目标"}
HEADER_WORDS = ("三级指标", "三级目标")
TITLE_WORDS = ("申报表", "目标表", "自评报告")

# 002 layout extra columns (rule 6)
NATURE = {"定量指标", "定性指标"}
LONE_COMPARATOR = {"=", "＝", "≥", ">=", "≧", "≤", "<=", "≦", ">", "<"}
LONE_UNIT = {"%", "个", "台", "件", "株", "人", "名", "家", "次", "辆", "部", "年", "起", "百分比"}

NUM = r"\d+(?:\.\d+)?"
QUANT_RE = re.compile(
    r"^(?:[=＝≥≤≧≦><]|>=|<=|不低于|不少于|不高于|不超过|达到)?\s*"
    + NUM
    + r"\s*(?:\(?\s*[^\d\s()（）]{0,6}\s*\)?)?(?:以上|以下|以内)?$"
)


def squash(cell):
    return re.sub(r"\s+", "", cell)


def is_label(cell):
    s = squash(cell)
    return s in LEVEL1 or s in LEVEL2 or s in CAPTIONS


def is_extra_column(cell):
    s = cell.strip()
    return (
        s in NATURE
        or s in LONE_COMPARATOR
        or s in LONE_UNIT
        or s.startswith("考察")
        or any(w in s for w in ("得满分", "不得分", "扣分"))
    )


def looks_like_value(text):
    """A lone cell on its own row: a value (rule 7) or an indicator name?"""
    t = text.strip()
    return bool(QUANT_RE.match(t)) or len(t) <= 4


def split_squeezed(value):
    """Rule 8: '≥90% ≥90%' holds two values."""
    parts = value.split()
    if len(parts) > 1 and all(QUANT_RE.match(p) for p in parts):
        return parts
    return [value]


def scan(path):
    """Yield (line_no, role, text); role is 'target' or 'actual'."""
    lines = path.read_text(encoding="utf-8").splitlines()
    in_table = False
    self_eval = False
    has_value = True  # does the last indicator already have a value?
    for no, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if "\t" not in raw:
            # titles and prose lines have no tab: they end any table
            in_table = False
            continue
        cells = raw.split("\t")
        if any(w in raw for w in HEADER_WORDS):
            in_table = True
            self_eval = "全年完成值" in raw
            has_value = True
            continue
        if not in_table:
            continue
        if any(w in raw for w in TITLE_WORDS):
            in_table = False
            continue

        labels = 0
        texts = []
        after_level1 = False
        for c in cells:
            c = c.strip()
            if not c:
                continue
            if is_label(c):
                labels += 1
                after_level1 = squash(c) in LEVEL1
                continue
            if self_eval and after_level1 and re.fullmatch(NUM, c):
                after_level1 = False  # 权重 (weight) after a level-1 label
                continue
            after_level1 = False
            if is_extra_column(c):
                continue
            texts.append(c)

        if not texts:
            continue
        if len(texts) == 1 and not labels:
            # a lone cell: value of the indicator above, or a new name
            if looks_like_value(texts[0]):
                if not has_value:
                    for v in split_squeezed(texts[0]):
                        yield no, "target", v
                    has_value = True
                continue
            has_value = False
            continue
        if len(texts) == 1:
            has_value = False  # a name after labels, no value yet
            continue
        if texts[0].startswith("根据沪财绩"):
            continue  # 投入管理指标 reference text (rule 4)
        value = texts[1]
        for v in split_squeezed(value):
            yield no, "target", v
        has_value = True
        if self_eval and len(texts) >= 3:
            yield no, "actual", texts[2]


def main(argv):
    where = "--where" in argv
    found = {"target": OrderedDict(), "actual": OrderedDict()}
    for path in sorted(SEEDS.glob("*.txt")):
        for no, role, text in scan(path):
            found[role].setdefault(text, []).append(f"{path.name[:3]}:{no}")
    for role in ("target", "actual"):
        print(f"# {role} values: {len(found[role])} distinct")
        for text, places in found[role].items():
            if "--distinct" in argv:
                print(text)
            elif where:
                print(f"{text}\t{len(places)}\t{' '.join(places)}")
            else:
                print(f"{text}\t{len(places)}")
        print()


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
