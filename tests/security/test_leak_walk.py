"""The leak walk: district A's people ask for every page there is, and nothing of district B comes back.

District B's rows all carry markers (see conftest.planted); the walk visits every admin page of
the registry and every route of the resolver, so a page added later is walked too.
"""

from django.contrib import admin
from django.urls import reverse

from .scan import Walker, walk_admin, walk_routes


def _report(walker):
    """Print the count (so it can be reported) and every problem; return them for the assertion."""
    print(f"\nleak walk [{walker.who}]: {len(walker.visited)} pages visited, {len(walker.problems)} problems")
    text = "\n".join(walker.problems)
    if text:
        print(text)
    return text


def test_district_admin_sees_nothing_of_another_district_anywhere(client, planted):
    world = planted
    client.force_login(world.a["admin"])
    walker = Walker(client, world, "A 管理员")
    walk_admin(walker, world.a["admin"])
    walk_routes(walker, admin_too=True)
    problems = _report(walker)
    assert len(walker.visited) > 200  # the walk really went round
    assert walker.own_rows_shown > 0
    assert not problems, problems


def _walk_as_non_admin(client, world, who):
    user = world.a[who]
    client.force_login(user)
    walker = Walker(client, world, f"A {who}")
    login = reverse("admin:login")
    admin_pages = [reverse("admin:index")] + [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_{view}")
        for m in admin.site._registry for view in ("changelist", "add")]
    for url in admin_pages:
        response = walker.get(url)
        if response is not None and not (response.status_code == 302 and response["Location"].startswith(login)):
            walker.problem(url, f"the admin answered {response.status_code} instead of sending them to log in")
    walk_routes(walker, admin_too=False)
    assert walker.own_rows_shown > 0  # their own filing's pages opened: the walk saw real data
    return walker


def test_district_reviewer_sees_nothing_of_another_district_anywhere(client, planted):
    walker = _walk_as_non_admin(client, planted, "reviewer")
    problems = _report(walker)
    assert not problems, problems


def test_district_filer_sees_nothing_of_another_district_anywhere(client, planted):
    walker = _walk_as_non_admin(client, planted, "clerk")
    problems = _report(walker)
    assert not problems, problems


def test_the_walk_notices_markers_and_ids_where_they_are_shown(client, planted):
    """B's own 管理员 sees B's rows: the same scan must flag them, or the walks above prove nothing."""
    client.force_login(planted.b["admin"])
    walker = Walker(client, planted, "B 管理员")
    for url in (reverse("admin:budgets_filing_change", args=[planted.b["filing"].pk]),
                reverse("filing_detail", args=[planted.b["filing"].pk])):
        walker.get(url)
    shown = [p for p in walker.problems if " shows ZQXB" in p]
    offered = [p for p in walker.problems if " offers B ids " in p]
    assert len(shown) == 2
    assert len(offered) == 1  # the admin page links B's rows; the filing page has no ids of other rows
