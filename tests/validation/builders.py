"""A small filing that passes every rule, to break one thing at a time."""

import copy

from budgets.models import Filing
from budgets.services.packets import create_filing_from_packet


def ind(level1, level2, name, value):
    return {"level1": level1, "level2": level2, "name": name, "value_text": value}


CLEAN = {
    "year": 2022,
    "framework": "hunan-2021",
    "department_code": "jinglong",
    "department_name": "石峰区井龙街道办事处",
    "total_amount": "300",
    "income_general": "280",
    "income_other": "20",
    "expense_basic": "100",
    "expense_project": "200",
    "key_tasks": [{"item": "事项1", "responsible": "城管办", "goal": "道路保洁"}],
    "indicators": [
        ind("产出指标", "产出数量", "服务社区数", "=3个"),
        ind("产出指标", "产出质量", "公共服务事项办结率", "≥95%"),
        ind("产出指标", "产出时效", "年度任务完成时间", "2022年12月底前"),
        ind("效益指标", "社会效益", "群众诉求办结率", "≥90%"),
        ind("效益指标", "社会公众及服务对象满意度", "公众满意度", "≥85%"),
    ],
    "sub_items": [
        {
            "seq": "一", "name": "环卫作业服务费", "amount": "120",
            "sheet": {
                "order": 1, "name": "环卫作业服务费", "fund_text": "环卫作业服务费", "amount": "120",
                "period_text": "2022.1.1-2022.12.31",
                "indicators": [
                    ind("产出指标", "产出数量", "保洁面积", "≥53.91万平方米"),
                    ind("产出指标", "产出质量", "道路保洁达标率", "≥98%"),
                    ind("产出指标", "产出时效", "垃圾日产日清率", "=100%"),
                    ind("产出指标", "产出成本", "每平方米年保洁成本", "≤2.3元/平方米"),
                    ind("效益指标", "社会效益", "垃圾清运及时率", "≥97%"),
                    ind("效益指标", "社会公众及服务对象满意度", "公众满意度", "≥90%"),
                ],
            },
        },
        {
            "seq": "二", "name": "社区网格员经费", "amount": "80",
            "children": [{"name": "网格员工资", "amount": "50"}, {"name": "网格员保险", "amount": "30"}],
            "sheet": {
                "order": 2, "name": "社区网格员经费", "fund_text": "社区网格员经费", "amount": "80",
                "period_text": "2022.1.1-2022.12.31",
                "indicators": [
                    ind("产出指标", "产出数量", "网格员人数", "=20人"),
                    ind("产出指标", "产出质量", "网格事件办结率", "≥96%"),
                    ind("产出指标", "产出时效", "工资发放时间", "2022年每月10日前"),
                    ind("产出指标", "产出成本", "网格员人均经费", "=4万元/人"),
                    ind("效益指标", "社会效益", "矛盾纠纷化解率", "≥92%"),
                    ind("效益指标", "社会公众及服务对象满意度", "居民满意度", "≥92%"),
                ],
            },
        },
    ],
}


def packet(**changes):
    data = copy.deepcopy(CLEAN)
    data.update(changes)
    return data


def build(department, data):
    """A new filing each call: a test that builds twice gets version 2, 3 … of the same year."""
    data.setdefault("version", Filing.objects.filter(department=department, year=data["year"]).count() + 1)
    return create_filing_from_packet(data, department=department)


def sheet_rows(data, index):
    return data["sub_items"][index]["sheet"]["indicators"]


def codes(findings):
    return sorted({f.code for f in findings})


def messages(findings, code):
    return [f.message for f in findings if f.code == code]
