import json
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command

from budgets.models import Department, Filing, Indicator, Membership


def run_load_demo():
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_creates_the_district_users_and_the_seed(db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = run_load_demo()
    assert list(Department.objects.filter(district__name="株洲市石峰区").order_by("order").values_list("name", flat=True)) == [
        "石峰区财政局", "井龙街道办事处", "响石岭街道办事处", "清水塘街道办事处", "田心街道办事处", "铜塘湾街道办事处",
        "龙头铺街道办事处", "石峰区教育局", "石峰区城市管理和综合执法局"]
    filing = Filing.objects.get(department__code="jinglong", year=2021)
    assert Indicator.objects.filter(filing=filing).count() == 56
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"jinglong": "filer", "xiangshiling": "filer", "reviewer": "reviewer", "admin": "admin"}
    # The printed passwords are the ones that work.
    stored = json.loads((tmp_path / "demo-passwords.json").read_text())
    assert sorted(stored) == ["admin", "jinglong", "reviewer", "xiangshiling"]
    for username, password in stored.items():
        assert re.search(rf"^ +{username} +{re.escape(password)} ", out, re.MULTILINE), out  # on its user's line
        assert get_user_model().objects.get(username=username).check_password(password)


def test_load_demo_twice_changes_nothing(db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    first = run_load_demo()
    filing = Filing.objects.get(department__code="jinglong", year=2021)
    stamp = filing.updated_at
    second = run_load_demo()
    assert Filing.objects.count() == 1
    assert Filing.objects.get().updated_at == stamp
    assert "未改动" in second
    # Same logins printed both times.
    assert first.split("演示账号")[1] == second.split("演示账号")[1]


def test_demo_password_comes_from_the_environment_when_set(db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", "jixiao-demo-2021")
    run_load_demo()
    assert get_user_model().objects.get(username="reviewer").check_password("jixiao-demo-2021")


def test_admin_role_gets_the_admin_site_and_filers_do_not(db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", "x")
    run_load_demo()
    users = get_user_model().objects
    assert users.get(username="admin").is_staff
    assert not users.get(username="jinglong").is_staff
    assert users.get(username="admin").has_perm("budgets.change_filing")
    assert not users.get(username="reviewer").has_perm("budgets.change_filing")
