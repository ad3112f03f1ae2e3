"""Matching a form's printed 一级 / 二级 names to a framework's 二级 (pure: trees passed in).

A row keeps the names printed on its form; the link to a Level2 is made where the names match,
or where an alias says they are the same. A two-level form whose 一级 is 数量指标 (its 二级 column
holds the 三级) matches on that name alone. No match: the row keeps its names and no link.
"""

import re

from .values import normalize

_SPACES = re.compile(r"\s+")


def key(name):
    """Names compare equal regardless of spaces and full-/half-width forms."""
    return _SPACES.sub("", normalize(name or ""))


class TierMatcher:
    def __init__(self, level2s, aliases=()):
        """level2s: a framework's Level2 rows with level1 loaded; aliases: (一级, 二级, Level2) triples."""
        self.exact = {(key(l2.level1.name), key(l2.name)): l2 for l2 in level2s}
        for printed1, printed2, l2 in aliases:
            self.exact.setdefault((key(printed1), key(printed2)), l2)
        by_name = {}
        for l2 in level2s:
            by_name.setdefault(key(l2.name), []).append(l2)
        self.by_name = {k: v[0] for k, v in by_name.items() if len(v) == 1}

    def match(self, level1_name, level2_name):
        k1, k2 = key(level1_name), key(level2_name)
        if (k1, k2) in self.exact:
            return self.exact[(k1, k2)]
        if not k2 and k1 in self.by_name:  # a two-level form: 一级 column holds 数量指标
            return self.by_name[k1]
        if not k1 and k2 in self.by_name:  # the 一级 was left out
            return self.by_name[k2]
        return None
