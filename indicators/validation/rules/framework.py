"""Rule 5: the indicator tree fits the filing's framework and has every required 一级 / 二级.

Rows keep the tier names printed on their form; a row is linked to the framework's 二级 where the
names match (or an alias says so). A row with printed names that match nothing is a warning
(R05_TIER_UNMATCHED), never a refusal: the form is kept as printed. Required tiers are checked per
indicator block (实施期 and 年度 separately, under the layout's printed block titles) where a
table has both; weights add up to the layout's total per block where the layout has a 权重 column.
"""

from decimal import Decimal

from ..findings import ATT1


def check_framework(review):
    framework = review.filing.framework
    level1s = {}
    for l2 in review.level2s:
        level1s.setdefault(l2.level1_id, (l2.level1, []))[1].append(l2)
    has_tiers = bool(review.columns & {"level1", "level2"})
    for table in review.tables:
        overall = table.attachment == ATT1 and not review.is_project_filing
        for row in table.rows:
            level2 = row.ind.level2 if row.ind.level2_id else None
            if level2 is None:
                printed = " / ".join(n for n in (getattr(row.ind, "level1_name", ""), getattr(row.ind, "level2_name", ""))
                                     if n)
                if has_tiers and printed:
                    yield review.finding(
                        "R05_TIER_UNMATCHED", row.location.at("level2", "二级指标"),
                        f"表内指标「{printed}」与指标体系「{framework.name}」中的一级、二级指标名称对不上；"
                        "已按原文保存，如属同一指标请由管理员添加指标名称别名",
                        printed=printed,
                    )
                continue
            if level2.level1.framework_id != framework.pk:
                yield review.finding(
                    "R05_WRONG_FRAMEWORK", row.location.at("level2", "二级指标"),
                    f"二级指标「{level2.level1.name} / {level2.name}」不属于本申报选用的"
                    f"指标体系「{framework.name}」，请改选该体系中的指标",
                )
        if review.one_table and table.attachment == ATT1 and not table.rows:
            continue  # a one-table form (四川2023) has no 附件1 indicator table to fill
        # A table without rows still lacks its required tiers (one block, no rows).
        blocks = review.blocks(table) or [(None, "", [])]
        yield from _weights(review, table, blocks)
        if not has_tiers:
            continue  # a flat list (指标名称 only) has no tiers to require
        for period, title, rows in blocks:
            yield from _required(review, table, overall, level1s, rows, (period, title) if len(blocks) > 1 else None)


def _weights(review, table, blocks):
    """Where the layout has a 权重 column and a total (usually 100, some forms 90), each block's
    weights add up to it."""
    if "weight" not in review.columns or review.weight_total is None:
        return
    total = review.weight_total
    where = "附件1" if table.attachment == ATT1 else table.location.label
    for period, title, rows in blocks:
        if not rows:
            continue  # reported as missing tiers, not as weights
        typed = sum((row.ind.weight for row in rows if row.ind.weight is not None), start=Decimal(0))
        if typed != total:
            block = title if len(blocks) > 1 else ""
            yield review.finding(
                "R05_WEIGHT_TOTAL", table.location.at("weight", "权重"),
                f"{where}{block}权重合计{typed.normalize():f}，本表样规定合计为{total.normalize():f}，"
                f"相差{abs(total - typed).normalize():f}",
                typed=typed, expected=total, period=period,
            )


def _required(review, table, overall, level1s, rows, period):
    filled = [row for row in rows if row.value_text and row.ind.level2_id]
    filled_level1 = {row.ind.level2.level1_id for row in filled}
    filled_level2 = {row.ind.level2_id for row in filled}
    where = "附件1" if overall else table.location.label  # a project form's: 项目支出绩效目标表
    block = {}
    if period is not None:
        where += period[1]
        block = {"period": period[0]}
    for level1, level2s in level1s.values():
        required = level1.required_overall if overall else level1.required_project
        if required and level1.pk not in filled_level1:
            yield review.finding(
                "R05_LEVEL1_MISSING", table.location.at("level1", "一级指标"),
                f"{where}缺少一级指标「{level1.name}」：至少填写一个有指标值的三级指标",
                level1=level1.name, **block,
            )
            continue  # its 二级 would only repeat the same gap
        for level2 in level2s:
            required = level2.required_overall if overall else level2.required_project
            if required and level2.pk not in filled_level2:
                yield review.finding(
                    "R05_LEVEL2_MISSING", table.location.at("level2", "二级指标"),
                    f"{where}缺少二级指标「{level1.name} / {level2.name}」：至少填写一个有指标值的三级指标",
                    level1=level1.name, level2=level2.name, **block,
                )


RULES = [check_framework]
