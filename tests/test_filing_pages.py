"""The filing list and the filing page, as each member of the cast sees them."""

from django.urls import reverse


def login(client, user):
    client.force_login(user)
    return client


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/"


def test_login_page_speaks_chinese(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert "用户登录" in html and "用户名" in html and "密码" in html
    assert 'lang="zh-CN"' in html


def test_login_with_a_wrong_password_says_so_in_chinese(client, clerk_a):
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_clerk_sees_their_filing_in_the_list(client, clerk_a, seed_filing):
    html = login(client, clerk_a).get(reverse("home")).content.decode()
    assert "石峰区井龙街道办事处" in html and "1482.9" in html and "草稿" in html


def test_other_department_does_not_see_the_filing_in_the_list(client, clerk_b, seed_filing):
    html = login(client, clerk_b).get(reverse("home")).content.decode()
    assert "井龙" not in html
    assert "暂无可查看的申报" in html


def test_filing_page_shows_all_three_attachments(client, clerk_a, seed_filing):
    response = login(client, clerk_a).get(reverse("filing_detail", args=[seed_filing.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["2021年部门整体支出绩效目标表", "2021年专项资金预算绩效目标汇总表", "2021年专项资金支出方向绩效目标表",
                 "填报单位：（盖章）", "金额单位：万元", "1482.9", "1020.69", "669.9", "全年12个月，每月55.83万元",
                 "社区网格员工资、保险福利等人员经费", "合  计"]:
        assert text in html, text
    assert html.count('id="att3-') == 5


def test_filing_page_is_not_found_for_another_department(client, clerk_b, seed_filing):
    response = login(client, clerk_b).get(reverse("filing_detail", args=[seed_filing.pk]))
    assert response.status_code == 404


def test_filing_page_for_a_missing_filing_is_a_404_not_a_500(client, clerk_a, db):
    assert login(client, clerk_a).get("/filings/999999/").status_code == 404


def test_assets_are_served_locally_never_from_a_cdn(client, clerk_a, seed_filing):
    html = login(client, clerk_a).get(reverse("filing_detail", args=[seed_filing.pk])).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
