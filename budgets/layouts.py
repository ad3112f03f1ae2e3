"""Which layout (版式) and framework a district's filing uses, and linking printed tiers to a framework.

A filing records its own layout; new filings start with the district's choice for the year
(YearDefault), or, where the district chose none, the layout the framework implied before layouts
were separate (101号: split; any other: the seed's Hunan 2021 layout).
"""

from indicators.forms_shipped import HUNAN_2021, LAYOUT_FOR_FRAMEWORK
from indicators.models import FormLayout, Level2, TierAlias
from indicators.tiers import TierMatcher

from .models import YearDefault


def default_layout(district, year, framework):
    chosen = YearDefault.objects.filter(district=district, year=year).select_related("layout").first()
    if chosen is not None and (framework is None or chosen.framework_id == framework.pk):
        return chosen.layout
    code = LAYOUT_FOR_FRAMEWORK.get(framework.code, HUNAN_2021) if framework is not None else HUNAN_2021
    return FormLayout.objects.get(code=code)


def tier_matcher(framework_id):
    """A framework's 二级 rows and aliases, loaded once (two queries)."""
    level2s = list(Level2.objects.filter(level1__framework_id=framework_id).select_related("level1"))
    by_pk = {l2.pk: l2 for l2 in level2s}
    aliases = [(a.level1_name, a.level2_name, by_pk[a.level2_id])
               for a in TierAlias.objects.filter(framework_id=framework_id) if a.level2_id in by_pk]
    return TierMatcher(level2s, aliases)
