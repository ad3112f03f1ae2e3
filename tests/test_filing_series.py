"""A filing series — one form of one unit's year in versions — and the commands that name one.

A unit with a 部门整体 packet and 项目支出 forms in one year has several series; the commands pick
the one asked for by 表号, and the district bundle prints the newest version of every series.
"""

import pytest
from django.core.management import CommandError, call_command

from approvals.pdf.bundle import latest_filings
from budgets.access import FilingNotFound, find_filing
from budgets.models import Filing
from indicators.models import FormLayout, Framework


def project_form(department, year, form_no, version=1):
    return Filing.objects.create(
        department=department, year=year, form_no=form_no, version=version, kind=Filing.Kind.PROJECT,
        framework=Framework.objects.get(code="mof-88"), layout=FormLayout.objects.get(code="hunan-project"),
        department_name=f"项目表{form_no}第{version}版")


@pytest.fixture
def year_with_projects(seed_filing, jinglong):
    """2021: the packet (第1版 and 第2版), 项目表1 (第1版) and 项目表2 (第1版 and 第3版)."""
    packet_v2 = Filing.objects.create(department=jinglong, year=2021, version=2, framework=seed_filing.framework,
                                      layout=seed_filing.layout, department_name="整体第2版")
    return {"packet": seed_filing, "packet_v2": packet_v2,
            "p1": project_form(jinglong, 2021, 1), "p2": project_form(jinglong, 2021, 2),
            "p2_v3": project_form(jinglong, 2021, 2, version=3)}


def test_the_commands_find_the_packet_unless_a_form_no_is_given(year_with_projects):
    assert find_filing("jinglong", 2021) == year_with_projects["packet_v2"]
    assert find_filing("jinglong", 2021, version=1) == year_with_projects["packet"]
    assert find_filing("jinglong", 2021, form_no=1) == year_with_projects["p1"]
    assert find_filing("jinglong", 2021, form_no=2) == year_with_projects["p2_v3"]


def test_a_missing_form_no_names_the_ones_there_are(year_with_projects):
    with pytest.raises(FilingNotFound, match="表号为7的申报（该年度已有的表号：0、1、2"):
        find_filing("jinglong", 2021, form_no=7)


def test_show_filing_takes_form_no(year_with_projects, capsys):
    call_command("show_filing", "jinglong", "2021", "--form-no", "1")
    assert "项目表1第1版" in capsys.readouterr().out
    with pytest.raises(CommandError, match="表号为9"):
        call_command("validate_filing", "jinglong", "2021", "--form-no", "9")


def test_the_latest_of_each_series_and_only_that(year_with_projects):
    latest = set(Filing.objects.filter(year=2021).latest())
    f = year_with_projects
    assert latest == {f["packet_v2"], f["p1"], f["p2_v3"]}
    assert list(Filing.objects.series(f["p2"])) == [f["p2_v3"], f["p2"]]
    assert list(Filing.objects.series(f["packet"])) == [f["packet_v2"], f["packet"]]


def test_the_district_bundle_keeps_project_forms_beside_a_newer_packet(year_with_projects, district):
    f = year_with_projects
    assert list(latest_filings(district, 2021)) == [f["packet_v2"], f["p1"], f["p2_v3"]]
