"""Every filing the app accepts prints, in every shipped layout, with every cell's text on the page.

Hypothesis makes filings the entry, the admin and the import would take: texts up to about 1,000
characters of CJK, ASCII and punctuation (' " < & and typed line breaks), many rows under one 二级,
many 二级 and 一级 groups, 实施期 and 年度 rows; the 部门整体 packet with 附件1/2/3 and the 项目支出
forms. Each one renders without WeasyPrint giving up or warning, and each typed text reads in the PDF
(pypdf), whole or continued over consecutive pages.

The examples are shared out over the layouts (20 by default: one each); PDF_PROPERTY_EXAMPLES=500 raises them.
"""

import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from approvals.pdf import render_filing_pdf
from budgets.models import Filing, Indicator, ProjectCost, ProjectMoney, ProjectStage
from budgets.reading import cell_text, sheet_cell
from budgets.services.packets import create_filing_from_packet
from indicators.forms_shipped import LAYOUTS
from indicators.models import FormLayout, Operator

from .builders import project_filing
from .printed import is_printed, pdf_pages

EXAMPLES = int(os.environ.get("PDF_PROPERTY_EXAMPLES", "20"))
CODES = [spec["code"] for spec in LAYOUTS]
PER_LAYOUT = max(1, math.ceil(EXAMPLES / len(CODES)))

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
CJK_PUNCTUATION = st.sampled_from(list("，。；：、（）《》“”‘’—…％≥≤·【】"))
ASCII = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-+/%()'\"<>&=#"))
CHARS = st.one_of(CJK, CJK, CJK, CJK_PUNCTUATION, ASCII, ASCII, st.just("\n"))


@st.composite
def _long_texts(draw, max_size):
    """100 to max_size characters, built from a few drawn pieces: a paragraph pasted into a cell.

    Each drawn character costs Hypothesis a choice and it gives up on examples past 8,192 of them;
    pieces repeated to the length keep a 1,000-character cell to a couple of hundred."""
    pieces = draw(st.lists(st.text(CHARS, min_size=1, max_size=40), min_size=1, max_size=6))
    size = draw(st.integers(min(100, max_size), max_size))
    text, i = "", 0
    while len(text) < size:
        text += pieces[i % len(pieces)]
        i += 1
    return text[:size]


def texts(max_size=1000):
    """Mostly short, often long: a cell of a real form, or a paragraph pasted into one."""
    short = st.text(CHARS, max_size=min(max_size, 30))
    if max_size <= 30:
        return short
    return st.one_of(short, short, _long_texts(max_size))


def _tier(max_size=50):
    # Tier names repeat down a form: mostly the usual few, sometimes a long or odd one.
    return st.one_of(st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标"]),
                     st.sampled_from(["数量指标", "质量指标", "时效指标", "社会效益指标"]), texts(max_size))


INDICATOR_FIELDS = {  # a layout column → the Indicator field typed into it and what it accepts
    "name": ("name", texts()), "value": ("value_text", texts()), "remark": ("remark", texts()),
    "explanation": ("explanation", texts()), "scoring_rule": ("scoring_rule", texts()),
    "basis": ("basis", texts()), "last_year_value": ("last_year_value", texts(100)),
    "unit": ("unit", texts(30)), "direction": ("direction", texts(20)),
    "operator": ("operator", st.sampled_from(["", *Operator.values])),
    "value_type": ("value_type", st.sampled_from(["", *Indicator.ValueType.values])),
    "weight": ("weight", st.one_of(st.none(), st.decimals(0, 100, places=2))),
    "is_core": ("is_core", st.booleans()),
}


@st.composite
def indicator_rows(draw, layout, limit=40):
    """Rows in groups: several 一级, several 二级 each, up to a dozen rows under one 二级."""
    rows = []
    for period in draw(st.lists(st.sampled_from(["annual", "implementation"]), min_size=1, max_size=2, unique=True)):
        for _ in range(draw(st.integers(0, 4))):
            level1 = draw(_tier())
            for _ in range(draw(st.integers(1, 3))):
                level2 = draw(_tier())
                for _ in range(draw(st.integers(1, 12))):
                    if len(rows) == limit:
                        return rows
                    row = {"period": period, "level1_name": level1, "level2_name": level2}
                    for key in layout.column_keys:
                        if key in INDICATOR_FIELDS:
                            field, values = INDICATOR_FIELDS[key]
                            row[field] = draw(values)
                    rows.append(row)
    return rows


def _packet_row(row):
    """An indicator row as the packet (import, demo) spells it."""
    out = {k: v for k, v in row.items() if k not in ("level1_name", "level2_name", "weight")}
    out |= {"level1": row["level1_name"], "level2": row["level2_name"]}
    if row.get("weight") is not None:
        out["weight"] = str(row["weight"])
    return out


@st.composite
def packets(draw, layout):
    """A 部门整体 filing: 附件1, and 附件2 rows with their 附件3 sheets where the layout has them."""
    label = layout.label
    data = {"year": 2024, "framework": "hunan-2021", "layout": layout.code, "total_amount": "100",
            "department_name": "井龙" + draw(texts(98)), "overall_goal": draw(texts()),
            "indicators": [_packet_row(r) for r in draw(indicator_rows(layout))]}
    if label("duties"):
        data["duties"] = draw(texts())
    if label("key_tasks"):
        data["key_tasks"] = [{"item": draw(texts()), "responsible": draw(texts()), "goal": draw(texts()),
                              "amount": "10"} for _ in range(draw(st.integers(0, 6)))]
    data["sub_items"] = []
    if layout.has_attachment2 or layout.has_attachment3:
        for order in range(1, draw(st.integers(0, 3)) + 1):
            line = {"seq": str(order), "name": draw(texts())}
            if layout.has_attachment2:
                line |= {"amount": "10", "period_goal": draw(texts()), "annual_goal": draw(texts()),
                         "children": [{"name": draw(texts()), "amount": "1"} for _ in range(draw(st.integers(0, 3)))]}
            if layout.has_attachment3:
                line["sheet"] = {"order": order, "name": draw(texts()), "fund_text": draw(texts()), "amount": "10",
                                 "period_text": draw(texts(100)), "annual_goal": draw(texts()),
                                 "indicators": [_packet_row(r) for r in draw(indicator_rows(layout, 15))]}
                if not label("sheets_table"):
                    line["sheet"]["period_goal"] = draw(texts())
            data["sub_items"].append(line)
    return data


PROJECT_TEXTS = {"name": texts(), "supervisor": texts(200), "implementing_unit": texts(200), "leader": texts(200),
                 "attribute_text": texts(200), "category_text": texts(200), "nature_text": texts(200),
                 "fund_text": texts(), "period_text": texts(100), "basis": texts(), "overview": texts(),
                 "feasibility": texts(), "necessity": texts(), "period_goal": texts(), "annual_goal": texts(),
                 "safeguards": texts(), "filled_by": texts(100), "signed_by": texts(100), "signed_on": texts(50)}


@st.composite
def projects(draw, layout):
    """A 项目支出 form: header, money, 成本测算, 实施进度计划, goals, indicators, sign-offs."""
    return {
        "form": {key: draw(values) for key, values in PROJECT_TEXTS.items()},
        "money": [{"label": draw(texts(100)), "source": draw(texts(100)), "amount_text": draw(texts(100))}
                  for _ in range(draw(st.integers(0, 3)))],
        "costs": [{"item": draw(texts()), "basis": draw(texts()), "last_year": draw(texts(100))}
                  for _ in range(draw(st.integers(0, 4)))],
        "stages": [{"stage": draw(texts(200)), "when": draw(texts(200)), "until": draw(texts(200)),
                    "content": draw(texts())} for _ in range(draw(st.integers(0, 4)))],
        "indicators": draw(indicator_rows(layout)),
    }


def make_project(department, data):
    filing = project_filing(department, data["layout"], data["indicators"], **data["form"])
    form = filing.project_form
    ProjectMoney.objects.bulk_create(ProjectMoney(form=form, order=i, **row) for i, row in enumerate(data["money"], 1))
    ProjectCost.objects.bulk_create(ProjectCost(form=form, order=i, **row) for i, row in enumerate(data["costs"], 1))
    ProjectStage.objects.bulk_create(ProjectStage(form=form, order=i, **row) for i, row in enumerate(data["stages"], 1))
    return filing


def typed_texts(filing, data):
    """Every text typed into a cell this layout prints, with where it was typed (for the failure message)."""
    layout = filing.layout
    split = layout.has_column("operator") or layout.has_column("unit")
    out = []
    indicators = list(Indicator.objects.filter(filing=filing).select_related("sheet"))
    # 长期 beside 年度 (88号 style): row i prints one 一级, the 年度 row's when there is one.
    paired = layout.label("pair_implementation") and layout.label("pair_annual")
    annual_rows = sum(ind.period == "annual" for ind in indicators)
    position = {ind.pk: i for period in ("annual", "implementation")
                for i, ind in enumerate(sorted((x for x in indicators if x.period == period), key=lambda x: x.order))}
    for ind in indicators:
        for key in layout.column_keys:
            if paired and key == "level1" and ind.period == "implementation" and position[ind.pk] < annual_rows:
                continue
            if key.startswith("sheet_"):
                out.append((f"附件3 {key}", sheet_cell(ind.sheet, key) if ind.sheet else ""))
            else:
                out.append((f"指标 {ind.period} {ind.order} {key}", cell_text(ind, key, split)))
    if filing.is_project:
        out += [(f"表头 {k}", v) for k, v in data["form"].items()]
        for part in ("money", "costs", "stages"):
            out += [(f"{part} {i} {k}", v) for i, row in enumerate(data[part], 1) for k, v in row.items()]
        return out
    out += [("部门名称", data["department_name"]), ("年度总体目标", data["overall_goal"]),
            ("部门职责概述", data.get("duties", ""))]
    out += [(f"重点工作 {i} {k}", t[k]) for i, t in enumerate(data.get("key_tasks", []), 1)
            for k in ("item", "responsible", "goal")]
    for i, line in enumerate(data["sub_items"], 1):
        if layout.has_attachment2:
            out += [(f"附件2 {i} {k}", line[k]) for k in ("name", "period_goal", "annual_goal")]
            out += [(f"附件2 {i} 子项", child["name"]) for child in line["children"]]
        if "sheet" in line:
            # One-table layouts print a project's name and 年度目标 in its cells; the others a whole 附件3.
            keys = ("name", "annual_goal") if layout.label("sheets_table") else \
                ("name", "fund_text", "period_text", "period_goal", "annual_goal")
            out += [(f"附件3 {i} {k}", line["sheet"][k]) for k in keys]
    return out


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=PER_LAYOUT, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(data=st.data())
def test_every_filing_prints_every_cell(code, data, frameworks, jinglong, weasyprint_warnings, caplog):
    layout = FormLayout.objects.get(code=code)
    caplog.clear()
    if layout.is_project:
        typed = data.draw(projects(layout))
        typed["layout"] = code
        filing = make_project(jinglong, typed)
    else:
        typed = data.draw(packets(layout))
        typed["version"] = Filing.objects.filter(department=jinglong, year=typed["year"]).count() + 1
        filing = create_filing_from_packet(typed, department=jinglong)

    pages = pdf_pages(render_filing_pdf(filing))

    assert not weasyprint_warnings, [r.getMessage() for r in weasyprint_warnings]
    # The page-size estimate held: no group had to be printed loose.
    assert "printed loose" not in caplog.text
    missing = [(where, text) for where, text in typed_texts(filing, typed) if not is_printed(text, pages)]
    assert not missing, missing[:5]


def test_the_examples_cover_every_shipped_layout_of_both_kinds():
    kinds = {spec["kind"] for spec in LAYOUTS}
    assert kinds == {"overall", "project"} and len(CODES) == len(set(CODES)) >= 20
    assert PER_LAYOUT * len(CODES) >= EXAMPLES

