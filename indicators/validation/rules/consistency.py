"""Rules 12 and 13 across forms: 附件2 and 附件3 naming the same thing alike, values copied everywhere."""

from difflib import SequenceMatcher
from functools import lru_cache

from indicators.models import Level2
from indicators.values import normalize

from ..review import quote, same_name


@lru_cache(maxsize=4096)
def _similarity(a, b):
    return SequenceMatcher(None, normalize(a), normalize(b)).ratio()


def _numbered(line):
    """「一、环卫作业服务费」 as the row reads on 附件2."""
    return f"{line.seq}、{quote(line.name, 20)}" if line.seq else quote(line.name, 20)


def check_names(review):
    tops = [lp.line for lp in review.packet.lines]
    for table in review.tables[1:]:
        sheet, line = table.sheet, table.line
        if same_name(sheet.name, line.name):
            continue
        own = _similarity(sheet.name, line.name)
        fund = f"，所属专项为「{quote(sheet.fund_text, 20)}」" if sheet.fund_text.strip() else ""
        message = (f"附件3支出方向（子项）「{quote(sheet.name, 30)}」与对应的附件2「{_numbered(line)}」"
                   f"名称不一致{fund}：请统一名称，便于汇总核对")
        # A name that reads like another 附件2 row hints that the sheet is attached to the wrong row.
        closer = max((t for t in tops if t.pk != line.pk), key=lambda t: _similarity(sheet.name, t.name), default=None)
        if closer is not None and _similarity(sheet.name, closer.name) > own + 0.2:
            message += f"；该名称更接近附件2「{_numbered(closer)}」，请核对对应关系"
        yield review.finding("R12_NAME_MISMATCH", table.location.at("name", "支出方向（子项）"), message,
                             sheet_name=sheet.name.strip(), line_name=line.name.strip(),
                             similarity=f"{own:.2f}")


def check_copied_values(review):
    """One identical value under the same 二级 kind in 附件1 and every 附件3 (at least three forms)."""
    tables = [t for t in review.tables if t.rows]
    if len(tables) < 3:
        return
    per_kind = {}
    for index, table in enumerate(tables):
        for row in table.rows:
            if row.value_text and row.kind != Level2.Kind.OTHER:
                per_kind.setdefault(row.kind, {}).setdefault(normalize(row.value_text).strip(), set()).add(index)
    for kind, values in per_kind.items():
        for value, where in values.items():
            if len(where) == len(tables):
                label = Level2.Kind(kind).label
                yield review.finding(
                    "R13_COPIED_VALUE", review.whole,
                    f"{label}指标值「{quote(value)}」在附件1和全部{len(tables) - 1}张附件3中完全相同，"
                    f"请按各项目的实际情况分别测算",
                    kind=kind, value=value,
                )


RULES = [check_names, check_copied_values]
