"""Reference data of the source document (上府办发〔2021〕18号), loaded by ``bootstrap``.

Idempotent: rows are matched by their natural key and only created when missing, so a second run
changes nothing and editors' corrections survive.
"""

from decimal import Decimal

from django.db import transaction

from snippets.models import (
    CampaignYear,
    Domain,
    DomainTarget,
    HeadquartersPost,
    LeadingGroup,
    Unit,
    UnitAlias,
)
from snippets.models.headquarters import HQRole
from snippets.models.unit import UnitKind

# (short name as 附件1 writes it, full official name, extra aliases, kind)
HQ_MEMBER_UNITS = [
    ("县政府办", "上犹县人民政府办公室", [], UnitKind.DEPARTMENT),
    ("县发改委", "上犹县发展和改革委员会", ["县发展改革委"], UnitKind.DEPARTMENT),
    ("县教科体局", "上犹县教育科技体育局", [], UnitKind.DEPARTMENT),
    ("县工信局", "上犹县工业和信息化局", [], UnitKind.DEPARTMENT),
    ("县财政局", "上犹县财政局", [], UnitKind.DEPARTMENT),
    ("县人社局", "上犹县人力资源和社会保障局", [], UnitKind.DEPARTMENT),
    ("县自然资源局", "上犹县自然资源局", [], UnitKind.DEPARTMENT),
    ("县生态环境局", "上犹县生态环境局", [], UnitKind.DEPARTMENT),
    ("县住建局", "上犹县住房和城乡建设局", [], UnitKind.DEPARTMENT),
    ("县交通运输局", "上犹县交通运输局", ["县交运局"], UnitKind.DEPARTMENT),
    ("县水利局", "上犹县水利局", [], UnitKind.DEPARTMENT),
    ("县农业农村局", "上犹县农业农村局", ["县农业局"], UnitKind.DEPARTMENT),
    ("县商务局", "上犹县商务局", [], UnitKind.DEPARTMENT),
    ("县文广新旅局", "上犹县文化广电新闻出版旅游局", [], UnitKind.DEPARTMENT),
    ("县卫健委", "上犹县卫生健康委员会", [], UnitKind.DEPARTMENT),
    ("县应急管理局", "上犹县应急管理局", ["县应急局"], UnitKind.DEPARTMENT),
    ("县林业局", "上犹县林业局", [], UnitKind.DEPARTMENT),
    ("县金融工作局", "上犹县金融工作局", ["县金融局"], UnitKind.DEPARTMENT),
    ("县市监局", "上犹县市场监督管理局", ["县市场监管局"], UnitKind.DEPARTMENT),
    ("县统计局", "上犹县统计局", [], UnitKind.DEPARTMENT),
    ("县城管局", "上犹县城市管理局", [], UnitKind.DEPARTMENT),
    ("县民政局", "上犹县民政局", [], UnitKind.DEPARTMENT),
    ("县工业园区管委会", "上犹工业园区管理委员会", ["县工业园管委会", "上犹工业园管委会"], UnitKind.DEPARTMENT),
    ("县扶贫办", "上犹县扶贫开发办公室", [], UnitKind.DEPARTMENT),
    ("县供销社", "上犹县供销合作社联合社", [], UnitKind.DEPARTMENT),
    ("县行政审批局", "上犹县行政审批局", [], UnitKind.DEPARTMENT),
    ("人民银行上犹县支行", "中国人民银行上犹县支行", ["人行上犹县支行"], UnitKind.ENTERPRISE),
    ("县城投公司", "上犹县城市建设投资开发有限公司", [], UnitKind.ENTERPRISE),
    ("县犹江实业公司", "上犹县犹江实业有限公司", [], UnitKind.ENTERPRISE),
    ("县供电公司", "国网上犹县供电公司", [], UnitKind.ENTERPRISE),
    ("县自来水公司", "上犹县自来水公司", [], UnitKind.ENTERPRISE),
]

# Units the document names outside 附件1 (四(四)) and units that keep acceptance desks.
OTHER_UNITS = [
    ("县委宣传部", "中共上犹县委宣传部", [], UnitKind.DEPARTMENT),
    ("县融媒体中心", "上犹县融媒体中心", [], UnitKind.DEPARTMENT),
    ("县税务局", "国家税务总局上犹县税务局", [], UnitKind.ENTERPRISE),
]

TOWNSHIPS = ["东山镇", "陡水镇", "社溪镇", "营前镇", "黄埠镇", "寺下镇", "梅水乡", "油石乡", "安和乡", "双溪乡",
             "水岩乡", "平富乡", "紫阳乡", "五指峰乡"]

# (code, name, lead units, annual target in 亿元, key tasks of 二(一)–(六))
DOMAINS = [
    ("industry", "工业", ["县工信局"], 50),
    ("agriculture", "农业", ["县农业农村局"], 4),
    ("services", "服务业", ["县文广新旅局", "县商务局"], 13),
    ("infrastructure", "重大基础设施", ["县发改委"], 16),
    ("new_infrastructure", "新基建", ["县发改委"], 6),
    ("public_services", "公共服务", ["县发改委"], 11),
]
CAMPAIGN_YEARS = [2021, 2022, 2023]
TOTAL_TARGET_YI = 100
FIXED_ASSET_GROWTH_PCT = Decimal("9.5")

HQ_POSTS = [
    (HQRole.COMMANDER, "余业伟", "县委副书记、县长"),
    (HQRole.EXECUTIVE_DEPUTY, "周光仁", "县委常委、常务副县长"),
    (HQRole.DEPUTY, "卢丽君", "县委副书记、副县长"),
    (HQRole.DEPUTY, "胡正福", "县委常委、副县长"),
    (HQRole.DEPUTY, "刘道军", "县政府副县长"),
    (HQRole.DEPUTY, "卢杜林", "县政府副县长"),
    (HQRole.DEPUTY, "李高华", "县政府副县长"),
    (HQRole.DEPUTY, "刘干", "县政府副县长"),
]

YI = Decimal(10000)


def _unit(short, full, aliases, kind, order, hq_member):
    unit = Unit.objects.filter(name=full).first()
    if unit is None:
        unit = Unit(name=full, short_name=short, kind=kind, sort_order=order, is_hq_member=hq_member)
        unit.save()
        for alias in aliases:
            UnitAlias.objects.create(unit=unit, name=alias)
        if aliases:
            unit.save()  # refresh the normalised names with the aliases
    return unit


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create what is missing; return the number of rows created per kind."""
    before = {
        "units": Unit.objects.count(),
        "domains": Domain.objects.count(),
        "targets": DomainTarget.objects.count(),
        "hq_posts": HeadquartersPost.objects.count(),
    }
    order = 0
    for short, full, aliases, kind in HQ_MEMBER_UNITS:
        order += 10
        _unit(short, full, aliases, kind, order, True)
    for short, full, aliases, kind in OTHER_UNITS:
        order += 10
        _unit(short, full, aliases, kind, order, False)
    for name in TOWNSHIPS:
        order += 10
        _unit(name, f"{name}人民政府", [f"{name}政府"], UnitKind.TOWNSHIP, order, True)

    units = Unit.objects.name_index()
    for position, (code, name, leads, target_yi) in enumerate(DOMAINS, start=1):
        domain, created = Domain.objects.get_or_create(code=code, defaults={"name": name, "sort_order": position})
        if created:
            domain.lead_units.set([units[lead] for lead in leads])
        for year in CAMPAIGN_YEARS:
            DomainTarget.objects.get_or_create(domain=domain, year=year, defaults={"target": target_yi * YI})
        LeadingGroup.objects.get_or_create(domain=domain, defaults={"office_unit": units[leads[0]]})
    for year in CAMPAIGN_YEARS:
        CampaignYear.objects.get_or_create(
            year=year, defaults={"total_target": TOTAL_TARGET_YI * YI, "fixed_asset_growth_pct": FIXED_ASSET_GROWTH_PCT}
        )
    if not HeadquartersPost.objects.exists():
        for position, (role, person, title) in enumerate(HQ_POSTS, start=1):
            HeadquartersPost.objects.create(role=role, person_name=person, title=title, sort_order=position)
    return {
        "units": Unit.objects.count() - before["units"],
        "domains": Domain.objects.count() - before["domains"],
        "targets": DomainTarget.objects.count() - before["targets"],
        "hq_posts": HeadquartersPost.objects.count() - before["hq_posts"],
    }
