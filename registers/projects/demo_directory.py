"""Demo 受理专员 (附件4 一(一)): a handful per unit that keeps an acceptance desk, with the matters
the unit takes in, published, so the public directory is not empty on a demo site.

* Made-up people; mobiles in the unassigned block 100-0000-xxxx, which reaches nobody and marks
  the demo's rows (``delete_demo_commissioners``).
* A unit that already has commissioners (imported or typed in) is left alone; so a second run
  creates nothing. Deterministic: unit *u*'s people come from ``random.Random(f"{seed}:desk:{u}")``.
"""

import random

from registers.projects import demo_names as names
from snippets.models import AcceptanceCommissioner

DEMO_MOBILE_PREFIX = "100-0000-"

# unit (as the document writes it) → the matters its desk takes in
DESKS = {
    "县发改委": "项目审批、核准、备案；重大项目调度；中央预算内投资和专项债券项目申报",
    "县工信局": "工业项目备案、技改项目申报；工业企业用电用气协调",
    "县农业农村局": "农业项目申报；设施农用地备案；高标准农田建设",
    "县文广新旅局": "文旅项目策划申报；旅游景区评定；文化市场经营许可",
    "县商务局": "招商引资项目签约服务；外商投资备案；商贸流通项目申报",
    "县交通运输局": "交通项目前期手续；公路建设项目施工许可；涉路施工审批",
    "县水利局": "水土保持方案审批；取水许可；涉河建设项目审批",
    "县自然资源局": "建设用地预审与选址；用地报批；规划许可；不动产登记",
    "县住建局": "施工图审查备案；建筑工程施工许可；竣工验收备案",
    "县生态环境局": "环境影响评价审批；排污许可；环保设施竣工验收指导",
    "县行政审批局": "投资项目并联审批；“一窗受理”；帮办代办服务",
    "县工业园区管委会": "园区项目入驻；标准厂房租赁；园区配套设施协调",
    "县供电公司": "业扩报装；临时用电及用电增容；电力线路迁改",
    "县城投公司": "政府投资项目建设管理；融资对接；配套管网接驳",
    "县林业局": "使用林地审核；林木采伐许可",
    "县人社局": "项目用工招聘；农民工工资保证金；技能培训",
    "县应急管理局": "安全设施“三同时”审查；危险化学品项目安全条件审查",
    "县税务局": "税费优惠政策辅导；项目涉税事项办理",
    "东山镇": "辖区项目征地拆迁；施工环境保障；群众诉求协调",
    "营前镇": "辖区项目征地拆迁；施工环境保障；群众诉求协调",
    "社溪镇": "辖区项目征地拆迁；施工环境保障；群众诉求协调",
    "黄埠镇": "辖区项目征地拆迁；施工环境保障；群众诉求协调",
    "陡水镇": "辖区项目征地拆迁；施工环境保障；群众诉求协调",
}
DEPARTMENT_POSTS = ["党组成员、副局长", "项目股股长", "审批股股长", "办公室主任", "四级主任科员"]
TOWNSHIP_POSTS = ["党委委员、副镇长", "经济发展办主任", "党政办主任", "便民服务中心主任"]
COMPANY_POSTS = ["副总经理", "项目部经理", "综合部主任", "客户服务中心主任"]


def commissioners(seed: int, unit_of) -> list[AcceptanceCommissioner]:
    """The demo commissioners of the units in ``DESKS`` that have none yet (not saved);
    ``unit_of(name)`` gives the unit."""
    staffed = set(AcceptanceCommissioner.objects.values_list("unit_id", flat=True).distinct())
    rows = []
    for number, (short, matters) in enumerate(DESKS.items()):
        unit = unit_of(short)
        if unit.pk in staffed:
            continue
        rng = random.Random(f"{seed}:desk:{short}")  # noqa: S311 — demo data, not security
        posts = (TOWNSHIP_POSTS if unit.kind == "township"
                 else COMPANY_POSTS if unit.kind == "enterprise" else DEPARTMENT_POSTS)
        if short.endswith(("委", "委会")):
            posts = [post.replace("副局长", "副主任") for post in posts]
        count, people = rng.randint(3, len(posts)), []
        while len(people) < count:
            person = names.person(rng)
            if person not in people:
                people.append(person)
        office = f"0797-0{number:02d}{rng.randint(1000, 9999)}"
        for order, person in enumerate(people):
            rows.append(AcceptanceCommissioner(
                unit=unit, name=person, post=posts[order], office_phone=office,
                mobile=f"{DEMO_MOBILE_PREFIX}{rng.randint(0, 9999):04d}", matters=matters,
                is_published=True, sort_order=order + 1))
    AcceptanceCommissioner.objects.bulk_create(rows)
    return rows


def delete_demo_commissioners() -> int:
    return AcceptanceCommissioner.objects.filter(mobile__startswith=DEMO_MOBILE_PREFIX).delete()[0]
