"""Nothing a logged-in user is sent may be kept by a cache (a shared intranet PC, a caching proxy).

The walk asks for every route the resolver knows, as each of district A's roles, parameters filled
with real rows (scan.filled_routes), and posts to the routes that answer only POST (the entry grid's
row check among them): every answer must carry Cache-Control: private, no-store. A page added later
is walked without editing this test.
"""

from django.urls import reverse

from budgets.entry.services import create_filing

from .scan import filled_routes, route_patterns

ROLES = ("admin", "reviewer", "clerk")


def never_cached(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_every_page_a_logged_in_user_gets_is_never_cached(client, planted):
    world = planted
    routes = list(route_patterns())
    checked, problems = 0, []
    for who in ROLES:
        client.force_login(world.a[who])
        for url, _with_b_row, _has_params in filled_routes(world, routes):
            if url.endswith("/logout/"):
                continue  # a POST would end the session the walk runs in
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url, {})
            checked += 1
            if not never_cached(response):
                problems.append(f"[{who}] {url}: {response.status_code}, Cache-Control: {response.get('Cache-Control')}")
    print(f"\nno-store walk: {checked} responses checked, {len(problems)} problems")
    assert checked > 300  # the walk really went round
    assert not problems, "\n".join(problems)


def test_the_fund_pages_and_the_row_check_are_never_cached(client, reviewer, clerk_a, seed_filing, frameworks):
    fund = seed_filing.department.district.special_funds.first()
    client.force_login(reviewer)
    for url in (reverse("fund_list"), reverse("fund_detail", args=[fund.pk])):
        response = client.get(url)
        assert response.status_code == 200 and fund.name in response.content.decode()
        assert never_cached(response), url
    draft = create_filing(clerk_a, 2022)
    client.force_login(clerk_a)
    level2 = draft.framework.level1s.get(name="产出指标").level2s.get(name="数量指标")
    response = client.post(reverse("entry:check_row", args=[draft.pk]), {
        "row_prefix": "ind-0", "ind-0-level2": str(level2.pk), "ind-0-name": "道路", "ind-0-value_text": "增长"},
        headers={"HX-Request": "true"})
    assert response.status_code == 200 and "识别：文字" in response.content.decode()
    assert never_cached(response)


def test_static_files_stay_cacheable_for_a_logged_in_user(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get("/static/js/jixiao.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
