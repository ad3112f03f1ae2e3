"""Password rules (AUTH_PASSWORD_VALIDATORS), in Chinese: what government intranet accounts get wrong.

Django's own rules, reworded, plus what its list of common passwords does not know: pinyin place
names and the words of a finance bureau's everyday, with a year or a few digits and symbols added —
「shifeng2021」, 「Zhuzhou@123」, 「hunan-czj-2024」. Such a password is refused when its letters are
made of nothing but those words; digits and symbols around them do not make it stronger.

Every form that sets a password runs these (the password-change page, the admin's user add and
password change) and so do `createsuperuser` and `changepassword`.
"""

import re

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError

MIN_LENGTH = 10

PROVINCES = """beijing tianjin shanghai chongqing hebei shanxi shaanxi neimenggu neimeng liaoning jilin
    heilongjiang jiangsu zhejiang anhui fujian jiangxi shandong henan hubei hunan guangdong guangxi hainan
    sichuan guizhou yunnan xizang gansu qinghai ningxia xinjiang xianggang hongkong aomen macau taiwan"""
CITIES = """guangzhou shenzhen wuhan chengdu hangzhou nanjing xian suzhou zhengzhou shenyang qingdao dalian
    xiamen jinan haerbin harbin changchun kunming nanning nanchang hefei fuzhou guiyang lanzhou taiyuan
    shijiazhuang huhehaote wulumuqi lasa xining yinchuan haikou sanya ningbo wuxi foshan dongguan zhuhai
    changsha zhuzhou xiangtan hengyang shaoyang yueyang changde zhangjiajie yiyang chenzhou yongzhou
    huaihua loudi xiangxi jishou"""
# Hunan's districts and counties near the first installation, and the demo district's streets.
COUNTIES = """hetang lusong shifeng tianyuan lukou liling youxian chaling yanling furong tianxin yuelu kaifu
    yuhua wangcheng ningxiang liuyang yuhu yuetang xiangxiang shaoshan jinglong xiangshiling qingshuitang
    tongtangwan longtoupu"""
PLACE_PARTS = "sheng shi qu xian zhen xiang cun jie jiedao shequ"
# A finance bureau's and an intranet's everyday words, and the usual keyboard and word fillers.
OFFICE_WORDS = """zhengfu renmin zhonghua zhongguo china dang dangjian caizheng caizhengju czj czt czb jixiao
    yusuan shenhe shenji tianbao guanli guanliyuan bangong bangongshi bgs jiedaoban juweihui cunwei xinxi
    xitong admin administrator root user test ceshi mima password passwd pass pwd welcome woaini iloveyou
    love qwerty qwer asdf zxcv qwe asd zxc qaz wsx abc abcd abcdef"""
ABBREVIATIONS = "zz hn sf cs bj sh gz sz cn zf sfq zzs hns"
WEAK_WORDS = frozenset(" ".join([PROVINCES, CITIES, COUNTIES, PLACE_PARTS, OFFICE_WORDS, ABBREVIATIONS]).split())
_LONGEST = max(map(len, WEAK_WORDS))
SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm",
             "1qaz2wsx3edc4rfv", "qazwsxedcrfv")


def _made_of_weak_words(letters):
    """Whether the run of letters splits into WEAK_WORDS alone (e.g. 「hunanzhuzhou」)."""
    ends = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        ends[end] = any(ends[start] and letters[start:end] in WEAK_WORDS
                        for start in range(max(0, end - _LONGEST), end))
    return ends[-1]


def weak_words_only(password):
    """The password's letters, read as runs between digits and symbols, are nothing but weak words."""
    runs = re.findall(r"[a-z]+", password.lower())
    return bool(runs) and all(_made_of_weak_words(run) for run in runs)


def is_pattern(password):
    """A short unit repeated (「abcabcabca」, 「aaaaaaaaaa」) or a run along the alphabet, the digits or a keyboard row."""
    text = password.lower()
    for size in range(1, len(text) // 2 + 1):
        if (text[:size] * (len(text) // size + 1))[: len(text)] == text:
            return True
    return any(text in seq or text in seq[::-1] for seq in SEQUENCES)


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def __init__(self, min_length=MIN_LENGTH):
        super().__init__(min_length)

    def get_error_message(self):
        return f"密码太短：至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符；"


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    """Django's similarity rule, and also: the user name may not stand inside the password (「jinglong2024!」)."""

    def validate(self, password, user=None):
        super().validate(password, user)
        username = (getattr(user, "get_username", lambda: "")() or "").lower() if user else ""
        if len(username) >= 3 and (username in password.lower() or password.lower() in username):
            raise ValidationError(self.get_error_message(), code="password_too_similar",
                                  params={"verbose_name": "用户名"})

    def get_error_message(self):
        return "密码与%(verbose_name)s太相近，请换一个。"

    def get_help_text(self):
        return "不能与用户名、姓名或邮箱相近。"


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    """Django's 20,000 common passwords, also with digits or symbols added at the end, and patterns."""

    def validate(self, password, user=None):
        text = password.lower().strip()
        stem = re.sub(r"[\d\W_]+$", "", text)
        if text in self.passwords or (len(stem) >= 4 and stem in self.passwords) or is_pattern(text):
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self):
        return "这个密码太常见或太有规律（如 12345678、abcabcabc、password1），容易被猜中，请换一个。"

    def get_help_text(self):
        return "不能是常见密码或有规律的字符；"


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全是数字。"

    def get_help_text(self):
        return "不能全是数字；"


class PlaceNameValidator:
    """Pinyin place names and office words, alone or together, with digits and symbols around them."""

    def validate(self, password, user=None):
        if weak_words_only(password):
            raise ValidationError(self.get_error_message(), code="password_place_name")

    def get_error_message(self):
        return ("密码只由地名拼音或常用词组成（如 zhuzhou、shifeng、hunan、caizheng 加上年份或数字），"
                "容易被猜中，请加入其他不相关的字母或词。")

    def get_help_text(self):
        return "不能只是地名拼音或单位常用词（如 shifeng2021、Zhuzhou@123）；"
