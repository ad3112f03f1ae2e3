"""The indicator frameworks the app ships with, as data.

Loaded by a data migration and re-synced (idempotently) by load_demo; an administrator can add more
in the admin. Each 二级 is (name, kind, required on 附件1, required on 附件3).
"""

HUNAN_2021 = "hunan-2021"
MOF_88 = "mof-88"
MOF_101 = "mof-101"

FRAMEWORKS = [
    {
        "code": HUNAN_2021,
        "name": "湖南省2021年绩效目标表模板",
        "basis": "湖南省专项资金支出方向绩效目标管理（2021年及以前表样）",
        "description": "产出二级写作「产出数量/产出质量/产出时效/产出成本」，满意度列于效益指标之下（井龙街道2021年表即此样式）。",
        "first_year": 2017,
        "order": 1,
        "level1": [
            ("产出指标", True, True, [
                ("产出数量", "quantity", True, True),
                ("产出质量", "quality", True, True),
                ("产出时效", "timeliness", True, True),
                ("产出成本", "cost", False, True),
            ]),
            ("效益指标", True, True, [
                ("经济效益", "economic", False, False),
                ("社会效益", "social", False, False),
                ("生态效益", "ecological", False, False),
                ("可持续影响", "sustainability", False, False),
                ("社会公众及服务对象满意度", "satisfaction", True, True),
            ]),
        ],
    },
    {
        "code": MOF_88,
        "name": "财预〔2015〕88号 / 〔2020〕10号 指标体系",
        "basis": "财预〔2015〕88号《中央部门预算绩效目标管理办法》；财预〔2020〕10号",
        "description": "三个一级指标：产出、效益、满意度；成本指标列于产出之下。",
        "first_year": 2016,
        "order": 2,
        "level1": [
            ("产出指标", True, True, [
                ("数量指标", "quantity", True, True),
                ("质量指标", "quality", True, True),
                ("时效指标", "timeliness", True, True),
                ("成本指标", "cost", False, True),
            ]),
            ("效益指标", True, True, [
                ("经济效益指标", "economic", False, False),
                ("社会效益指标", "social", False, False),
                ("生态效益指标", "ecological", False, False),
                ("可持续影响指标", "sustainability", False, False),
            ]),
            ("满意度指标", True, True, [
                ("服务对象满意度指标", "satisfaction", True, True),
            ]),
        ],
    },
    {
        "code": MOF_101,
        "name": "财预〔2021〕101号 核心绩效指标体系",
        "basis": "财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》",
        "description": "成本指标升为一级，分经济成本、社会成本、生态环境成本；指标性质、计量单位、权重分列。",
        "first_year": 2022,
        "order": 3,
        "level1": [
            ("成本指标", False, True, [
                ("经济成本指标", "economic_cost", False, True),
                ("社会成本指标", "social_cost", False, False),
                ("生态环境成本指标", "eco_cost", False, False),
            ]),
            ("产出指标", True, True, [
                ("数量指标", "quantity", True, True),
                ("质量指标", "quality", True, True),
                ("时效指标", "timeliness", True, True),
            ]),
            ("效益指标", True, True, [
                ("经济效益指标", "economic", False, False),
                ("社会效益指标", "social", False, False),
                ("生态效益指标", "ecological", False, False),
                ("可持续影响指标", "sustainability", False, False),
            ]),
            ("满意度指标", True, True, [
                ("服务对象满意度指标", "satisfaction", True, True),
            ]),
        ],
    },
]


def sync_frameworks(Framework, Level1, Level2):  # noqa: N803 - historical models from a migration
    """Create or update the shipped frameworks; never deletes what an administrator added."""
    for spec in FRAMEWORKS:
        fw, _ = Framework.objects.update_or_create(
            code=spec["code"],
            defaults={k: spec[k] for k in ("name", "basis", "description", "first_year", "order")},
        )
        for i1, (name1, req_o1, req_p1, level2s) in enumerate(spec["level1"], start=1):
            l1, _ = Level1.objects.update_or_create(
                framework=fw,
                name=name1,
                defaults={"order": i1, "required_overall": req_o1, "required_project": req_p1},
            )
            for i2, (name2, kind, req_o, req_p) in enumerate(level2s, start=1):
                Level2.objects.update_or_create(
                    level1=l1,
                    name=name2,
                    defaults={"order": i2, "kind": kind, "required_overall": req_o, "required_project": req_p},
                )


def sync_library():
    """Frameworks, layouts and tier aliases with the live models (load_demo, tests)."""
    from .forms_shipped import sync_aliases, sync_layouts
    from .models import FormLayout, Framework, Level1, Level2, TierAlias

    sync_frameworks(Framework, Level1, Level2)
    sync_layouts(FormLayout)
    sync_aliases(Framework, Level2, TierAlias)
