from decimal import Decimal

from django.contrib.auth.models import Group

import pytest

from pages.seed import load_pages
from registers.core.roles import ensure_groups
from registers.core.scopes import ROLE_GROUPS
from snippets.models import CampaignYear, Domain, DomainTarget, HeadquartersPost, LeadingGroup, Unit
from snippets.seed import load_reference_data

pytestmark = pytest.mark.django_db

ANNEX1_MEMBERS = [
    "县政府办",
    "县发改委",
    "县教科体局",
    "县工信局",
    "县财政局",
    "县人社局",
    "县自然资源局",
    "县生态环境局",
    "县住建局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县商务局",
    "县文广新旅局",
    "县卫健委",
    "县应急管理局",
    "县林业局",
    "县金融工作局",
    "县市监局",
    "县统计局",
    "县城管局",
    "县民政局",
    "县工业园区管委会",
    "县扶贫办",
    "县供销社",
    "县行政审批局",
    "人民银行上犹县支行",
    "县城投公司",
    "县犹江实业公司",
    "县供电公司",
    "县自来水公司",
]
TOWNSHIPS = [
    "东山镇",
    "陡水镇",
    "社溪镇",
    "营前镇",
    "黄埠镇",
    "寺下镇",
    "梅水乡",
    "油石乡",
    "安和乡",
    "双溪乡",
    "水岩乡",
    "平富乡",
    "紫阳乡",
    "五指峰乡",
]


def test_six_domains_with_targets_adding_up_to_the_plan():
    assert list(Domain.objects.values_list("name", flat=True)) == [
        "工业",
        "农业",
        "服务业",
        "重大基础设施",
        "新基建",
        "公共服务",
    ]
    expected_yi = {"工业": 50, "农业": 4, "服务业": 13, "重大基础设施": 16, "新基建": 6, "公共服务": 11}
    for year in (2021, 2022, 2023):
        targets = {t.domain.name: t.target for t in DomainTarget.objects.filter(year=year).select_related("domain")}
        assert targets == {name: Decimal(yi * 10000) for name, yi in expected_yi.items()}
        assert sum(targets.values()) == Decimal(1_000_000) == CampaignYear.objects.get(year=year).total_target
        assert CampaignYear.objects.get(year=year).fixed_asset_growth_pct == Decimal("9.5")


def test_lead_units_per_domain():
    leads = {d.name: sorted(str(u) for u in d.lead_units.all()) for d in Domain.objects.all()}
    assert leads == {
        "工业": ["县工信局"], "农业": ["县农业农村局"], "服务业": sorted(["县文广新旅局", "县商务局"]),
        "重大基础设施": ["县发改委"], "新基建": ["县发改委"], "公共服务": ["县发改委"],
    }
    assert LeadingGroup.objects.count() == 6


def test_every_annex1_unit_and_township_resolves_by_every_name():
    assert len(ANNEX1_MEMBERS) == 31
    members = Unit.objects.filter(is_hq_member=True).exclude(kind="township")
    assert members.count() == 31
    for name in ANNEX1_MEMBERS:
        assert Unit.objects.resolve(name) is not None, name
    assert Unit.objects.townships().count() == 14
    for name in TOWNSHIPS:
        assert Unit.objects.resolve(name) == Unit.objects.resolve(f"{name}人民政府")
    # the variants the document itself mixes
    assert (Unit.objects.resolve("县交运局") == Unit.objects.resolve("县交通运输局")
            == Unit.objects.resolve("上犹县交通运输局"))
    assert Unit.objects.resolve("县工业园管委会") == Unit.objects.resolve("县工业园区管委会")
    assert Unit.objects.resolve("上犹县发展和改革委员会") == Unit.objects.resolve(" 县发改委\u3000")
    assert Unit.objects.resolve("县不存在局") is None


def test_headquarters_posts_exactly_as_annex1():
    posts = [(p.get_role_display(), p.person_name, p.title) for p in HeadquartersPost.objects.all()]
    assert posts == [
        ("总指挥", "余业伟", "县委副书记、县长"),
        ("常务副总指挥", "周光仁", "县委常委、常务副县长"),
        ("副总指挥", "卢丽君", "县委副书记、副县长"),
        ("副总指挥", "胡正福", "县委常委、副县长"),
        ("副总指挥", "刘道军", "县政府副县长"),
        ("副总指挥", "卢杜林", "县政府副县长"),
        ("副总指挥", "李高华", "县政府副县长"),
        ("副总指挥", "刘干", "县政府副县长"),
    ]


def test_groups_of_the_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GROUPS)


def test_bootstrap_is_idempotent():
    counts = (Unit.objects.count(), DomainTarget.objects.count(), HeadquartersPost.objects.count())
    assert load_reference_data() == {"units": 0, "domains": 0, "targets": 0, "hq_posts": 0}
    assert ensure_groups() == 0
    assert load_pages() == 0
    assert (Unit.objects.count(), DomainTarget.objects.count(), HeadquartersPost.objects.count()) == counts
