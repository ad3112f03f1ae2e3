"""Passwords: at least 10 characters, not common, not the user name, not a place name with a year.

「abcabcab」, 「zhuzhou1」 and 「shifeng2021」 were accepted; every way of setting a password refuses
them now with a Chinese message, and says the rules beforehand.
"""

import builtins
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import changepassword, createsuperuser
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from budgets.demo import loader

WEAK = ["abcabcab", "zhuzhou1", "shifeng2021", "Shifeng@2021", "Zhuzhou-2024!", "hunan2020beijing", "HunanZhuzhou2023",
        "caizhengju2021", "abcabcabca", "1234567890", "qwertyuiop", "password2024", "jinglong-2024"]
STRONG = ["Lantern-otter-47", "mK3#v9Qz!r2B", "湘江北去橘子洲头2021"]


def refused(password, username="jinglong"):
    try:
        validate_password(password, get_user_model()(username=username))
    except ValidationError as e:
        return e.messages
    return []


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused_with_a_chinese_reason(password):
    messages = refused(password)
    assert messages, password
    assert all(re.search(r"[\u4e00-\u9fff]", m) and not re.search(r"[A-Z][a-z]+ [a-z]+", m) for m in messages)


@pytest.mark.parametrize("password", STRONG)
def test_passwords_that_are_not_guessable_are_accepted(password):
    assert refused(password) == []


def test_each_rule_says_what_is_wrong():
    assert "密码太短：至少需要 10 个字符。" in refused("zhuzhou1")
    assert any("地名拼音" in m for m in refused("shifeng2021"))
    assert any("太常见或太有规律" in m for m in refused("abcabcabca"))
    assert "密码与用户名太相近，请换一个。" in refused("Xiangshiling-88", username="xiangshiling")
    assert "密码不能全是数字。" in refused("20212021202")


def test_a_place_name_among_other_words_is_fine():
    assert refused("shifeng-lantern-otter") == []


def test_the_rules_are_told_in_chinese():
    texts = password_validators_help_texts()
    assert len(texts) == 5 and all(re.search(r"[\u4e00-\u9fff]", t) for t in texts)


def test_the_password_change_page_refuses_a_weak_password_and_says_the_rules(client, clerk_a):
    clerk_a.set_password("Old-password-42")
    clerk_a.save()
    client.force_login(clerk_a)
    page = client.get(reverse("password_change")).content.decode()
    assert "至少 10 个字符" in page and "地名拼音" in page
    response = client.post(reverse("password_change"), {"old_password": "Old-password-42",
                                                         "new_password1": "shifeng2021", "new_password2": "shifeng2021"})
    assert response.status_code == 200
    assert "密码只由地名拼音或常用词组成" in response.content.decode()
    clerk_a.refresh_from_db()
    assert clerk_a.check_password("Old-password-42")
    response = client.post(reverse("password_change"), {"old_password": "Old-password-42",
                                                         "new_password1": "Lantern-otter-47", "new_password2": "Lantern-otter-47"})
    assert response.status_code == 302


def test_the_admin_refuses_a_weak_password_for_a_new_user(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_add")
    response = client.post(url, {"username": "shifeng_new", "usable_password": "true",
                                 "password1": "zhuzhou1", "password2": "zhuzhou1"})
    html = response.content.decode()
    assert response.status_code == 200 and "密码太短：至少需要 10 个字符。" in html
    assert not get_user_model().objects.filter(username="shifeng_new").exists()
    response = client.post(url, {"username": "shifeng_new", "usable_password": "true",
                                 "password1": "Lantern-otter-47", "password2": "Lantern-otter-47"})
    assert response.status_code == 302


def test_the_admin_refuses_a_weak_password_when_changing_one(client, admin_user, clerk_a):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[clerk_a.pk])
    response = client.post(url, {"password1": "abcabcab", "password2": "abcabcab", "usable_password": "true"})
    assert response.status_code == 200 and "这个密码太常见或太有规律" in response.content.decode()
    assert "至少 10 个字符" in client.get(url).content.decode()


class _TTY:
    def isatty(self):
        return True


def test_createsuperuser_refuses_a_weak_password_and_asks_again(db, monkeypatch, capsys):
    passwords = iter(["shifeng2021", "shifeng2021", "Lantern-otter-47", "Lantern-otter-47"])
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(passwords))
    answers = iter(["N"])  # 「Bypass password validation?」: no
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    call_command("createsuperuser", interactive=True, username="root", email="root@example.com", stdin=_TTY())
    assert "密码只由地名拼音或常用词组成" in capsys.readouterr().err
    assert get_user_model().objects.get(username="root").check_password("Lantern-otter-47")


def test_changepassword_refuses_a_weak_password(db, clerk_a, monkeypatch, capsys):
    passwords = iter(["zhuzhou1", "zhuzhou1", "Lantern-otter-47", "Lantern-otter-47"])
    monkeypatch.setattr(changepassword.getpass, "getpass", lambda prompt="": next(passwords))
    call_command("changepassword", clerk_a.username)
    assert "密码太短：至少需要 10 个字符。" in capsys.readouterr().err
    clerk_a.refresh_from_db()
    assert clerk_a.check_password("Lantern-otter-47")


def test_the_demos_generated_passwords_pass_the_rules(db, tmp_path, monkeypatch, settings):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    User = get_user_model()
    for _ in range(300):
        (tmp_path / "demo-passwords.json").unlink(missing_ok=True)
        for username, password in loader._passwords().items():
            validate_password(password, User(username=username))
