"""Rule 5: the indicator tree fits the filing's framework and has every required 一级 / 二级."""

from ..findings import ATT1


def check_framework(review):
    framework = review.filing.framework
    level1s = {}
    for l2 in review.level2s:
        level1s.setdefault(l2.level1_id, (l2.level1, []))[1].append(l2)
    for table in review.tables:
        overall = table.attachment == ATT1
        for row in table.rows:
            if row.ind.level2.level1.framework_id != framework.pk:
                yield review.finding(
                    "R05_WRONG_FRAMEWORK", row.location.at("level2", "二级指标"),
                    f"二级指标「{row.ind.level2.level1.name} / {row.ind.level2.name}」不属于本申报选用的"
                    f"指标体系「{framework.name}」，请改选该体系中的指标",
                )
        filled = [row for row in table.rows if row.value_text]
        filled_level1 = {row.ind.level2.level1_id for row in filled}
        filled_level2 = {row.ind.level2_id for row in filled}
        where = "附件1" if overall else table.location.label
        for level1, level2s in level1s.values():
            required = level1.required_overall if overall else level1.required_project
            if required and level1.pk not in filled_level1:
                yield review.finding(
                    "R05_LEVEL1_MISSING", table.location.at("level1", "一级指标"),
                    f"{where}缺少一级指标「{level1.name}」：至少填写一个有指标值的三级指标",
                    level1=level1.name,
                )
                continue  # its 二级 would only repeat the same gap
            for level2 in level2s:
                required = level2.required_overall if overall else level2.required_project
                if required and level2.pk not in filled_level2:
                    yield review.finding(
                        "R05_LEVEL2_MISSING", table.location.at("level2", "二级指标"),
                        f"{where}缺少二级指标「{level1.name} / {level2.name}」：至少填写一个有指标值的三级指标",
                        level1=level1.name, level2=level2.name,
                    )


RULES = [check_framework]
