"""Vocabulary of the demo data: made-up names in the style of the county's bureau sheets.

Every enterprise and person here is invented; the townships, units and leaders come from the seed.
Each ``*_project`` function takes a ``random.Random`` and the township names and returns a dict of
the project's descriptive fields (name, location, township, scale, owner and responsible unit).
"""

# Words no real sheet uses (checked against the bureau samples by the tests): every demo name holds
# one, as the enterprise's word, a village or a place, so a demo site can import the county's sheets
# without a demo project taking a real project's name.
ENTERPRISE_WORDS = [
    "犹川", "澜汇", "峰岚", "骏犹", "泓远", "谦益", "沐晟", "翊达", "昱辰", "璞瑞", "霁远", "曜川", "琨瑞",
    "舜耕", "朗峰", "迅驰", "澄源", "铂越", "煦和", "砚池", "拓犹", "珩宇", "弘犹", "晟犹", "阜丰", "涵远",
    "溢通", "晖达", "熠辉", "嵘盛",
]
VILLAGES = [
    "桐木", "茅坪", "杨梅", "桃源", "竹溪", "枫林", "梨坑", "茶亭", "新田", "金盆", "水口", "高岭", "樟坑",
    "鹅湖", "柏树", "赤岭", "麻田", "松岗", "罗源", "平岭", "瑶前", "莲塘", "湾背", "塘坑", "芦溪", "仙岭",
    "下坪", "牛岭", "太和", "云溪", "田心", "坪头", "早禾", "上洞", "横岗", "福坑", "沙湾", "鸭坑",
]
ESTATE_WORDS = ["江悦台", "云栖苑", "枫丹苑", "橙园雅居", "半山墅", "溪岸花园", "观澜庭", "紫荆苑"]
DEMO_MARKS = ENTERPRISE_WORDS + VILLAGES + ESTATE_WORDS
PREFIXES = ["江西", "上犹县", "赣州"]

INDUSTRY_LINES = [
    ("新材料科技", ["年产3万吨玻纤短切毡", "年产5万吨电子级玻璃纤维纱", "年产12000万米玻纤电子布"]),
    ("复合材料", ["年产3万吨玻璃钢管道及型材", "年产2000万平方米玻纤土工格栅", "覆铜板用玻纤布"]),
    ("玻纤新材料", ["年产2万吨风电叶片用玻纤多轴向织物", "年产1万吨玻璃钢管道及型材"]),
    ("光电科技", ["手机摄像模组", "年产500万台智能穿戴设备", "LED照明灯具"]),
    ("机械制造", ["高精度数控刀具", "年产300套汽车零部件精密模具", "年产2000台数控机床"]),
    ("稀土新材料", ["年产1000吨高性能钕铁硼永磁材料", "年产10万台稀土永磁电机"]),
    ("电子科技", ["年产50万平方米PCB线路板", "年产300万台智能穿戴设备"]),
    ("锂电科技", ["年产2GWh储能电池模组", "年产1万吨锂电池正极材料"]),
    ("智能装备", ["年产800套精密注塑模具", "年产5000台工业机器人关节减速器"]),
]
PARK_AREAS = ["上犹工业园城东片区", "上犹工业园黄埠片区", "上犹工业园东山片区", "上犹工业园"]
PARK_WORKS = [
    "道路及管网工程",
    "标准厂房建设项目",
    "人才公寓建设项目",
    "污水处理厂提标改造工程",
    "综合服务中心建设项目",
]

AGRI_WORKS = [
    "高标准农田建设项目", "乡村振兴示范带建设项目", "高产油茶标准化示范基地项目", "百香果产业基地建设项目",
    "蔬菜产业基地建设项目", "有机茶园提质增效项目", "农村人居环境整治提升项目",
]
AGRI_COMPANY_WORKS = ["甜叶菊全产业链建设项目", "有机绿茶精深加工项目", "生猪标准化养殖场建设项目",
                      "冷链物流仓储中心建设项目", "油茶精深加工项目", "稻渔综合种养示范基地项目"]

SERVICE_TOWNSHIP_WORKS = ["田园综合体建设项目", "乡村旅游点提升项目", "特色小镇建设项目", "民宿集群建设项目"]
SERVICE_COUNTY_WORKS = ["商住小区建设项目", "商业综合体建设项目", "物流园建设项目", "农贸市场改造提升项目"]
SERVICE_FIXED = ["五指峰国家森林公园{v}景区基础设施提升项目", "上犹县{v}旅游集散中心建设项目",
                 "陡水湖旅游度假区{v}片区提升项目", "阳明湖国家湿地公园{v}片区配套设施建设项目"]

# {a}, {b}: townships without 镇/乡; {v}, {w}: villages
INFRA_ROAD = ["县道X8{n:02d}{a}{v}至{b}{w}段提级改造工程", "上犹县{a}{v}至{b}{w}公路提升改造工程",
              "上犹县{a}{v}至{b}{w}旅游公路建设工程"]
INFRA_OTHER = ["上犹{a}{v}110千伏输变电工程", "上犹江{a}{v}段防洪治理工程", "上犹县{a}{v}河中小河流治理工程",
               "上犹县{a}{v}集中供水工程", "上犹县{a}{v}村污水处理设施建设工程"]
INFRA_CITY = ["上犹县城区{v}路排水防涝设施建设工程（{area}）", "上犹县城区{v}路供水管网改造工程（{area}）",
              "上犹县城区{v}路提升改造工程（{area}）"]
CITY_AREAS = ["城东片区", "城南片区", "犹江片区", "黄埠片区", "东山片区"]

NEW_INFRA_TOWNSHIP = ["{a}{v}村数字乡村示范点建设项目", "上犹县{a}{v}村分布式光伏发电项目",
                      "上犹县{a}{v}村5G网络覆盖工程", "上犹县{a}{v}电动汽车充电站建设项目"]
NEW_INFRA_COUNTY = ["上犹县工业互联网平台{v}节点建设项目", "上犹县{v}智慧农业物联网示范项目",
                    "上犹县城市大脑{v}分中心建设项目", "上犹县{v}学校智慧教育示范项目", "上犹县{v}山风电场项目",
                    "上犹县{v}抽水蓄能电站前期工作项目"]
TELECOMS = ["中国电信上犹分公司", "中国移动上犹分公司", "中国联通上犹分公司", "中国铁塔上犹分公司"]

PUBLIC_TOWNSHIP = [("村卫生室标准化建设项目", "县卫健委"), ("村农村互助养老服务站建设项目", "县民政局"),
                   ("小学教学楼建设项目", "县教科体局"), ("村便民服务中心建设项目", "县民政局")]
PUBLIC_COUNTY = [
    ("上犹县{v}小学运动场改造建设项目", "县教科体局"), ("上犹县人民医院{v}院区发热门诊建设项目", "县卫健委"),
    ("上犹县{v}保障性租赁住房建设项目（{n}期）", "县住建局"), ("上犹县{area}{estate}老旧小区改造项目", "县住建局"),
    ("上犹县{v}片区救助管理站建设项目", "县民政局"), ("上犹县{v}全民健身中心建设项目", "县教科体局"),
    ("上犹县中医院{v}院区门诊综合楼建设项目", "县卫健委"), ("上犹县{v}中学扩建项目", "县教科体局"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱胡郭何罗高林钟曾邱谢蔡卢"
GIVEN = "建华国强明军伟丽红平志勇文斌海燕玲芳俊杰晓东春梅云峰"

# Image progress, by share of the year's work done (lower bound, texts).
IMAGE_PROGRESS = [
    (0.0, ["已完成项目备案，正在办理用地手续", "正在进行施工图设计及预算编制", "已完成招标，待进场施工"]),
    (0.05, ["已开工，正在进行场地平整", "完成“三通一平”", "正在进行基础施工"]),
    (0.25, ["主体结构施工至{n}层", "桩基施工完成{p}%", "主体工程完成{p}%"]),
    (0.5, ["厂房主体封顶，正在进行内部装修", "主体工程完成{p}%", "管网铺设完成{p}%"]),
    (0.75, ["设备安装调试中", "室外配套施工中", "主体封顶，正在进行装饰装修"]),
    (1.0, ["部分生产线已投产", "已完成主体工程，正在进行竣工验收准备", "已完成年度建设任务"]),
]
# The latest words of a finished project, by stage.
FINISHED = {"completed": "已竣工验收，完成全部建设内容", "in_use": "已竣工投用"}
PHASES = "二三四五六七八九"
PROBLEMS = ["征地拆迁尚未完成", "受雨季影响施工进度滞后", "施工图设计尚未批复", "部分群众诉求待协调",
            "项目资金到位不足", "用电增容手续正在办理", "林地使用手续待审批"]


def person(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def enterprise(rng, trade: str) -> str:
    return f"{rng.choice(PREFIXES)}{rng.choice(ENTERPRISE_WORDS)}{trade}有限公司"


def image_progress(share: float, track: int, floors: int) -> str:
    """What the site looks like with ``share`` of the year's work done; a project keeps its
    ``track`` (which wording of each step) so its months read as one story."""
    texts = IMAGE_PROGRESS[0][1]
    for lower, candidates in IMAGE_PROGRESS:
        if share >= lower:
            texts = candidates
    pct = max(1, min(99, int(share * 100)))
    return texts[track % len(texts)].format(n=max(1, min(floors, round(share * floors))), p=pct)


def village(rng) -> str:
    return rng.choice(VILLAGES)


def industry_project(rng, townships: list[str]) -> dict:
    if rng.random() < 0.12:
        area = rng.choice(PARK_AREAS)
        return {"name": f"{area}{village(rng)}地块{rng.choice(PARK_WORKS)}", "location": area, "townships": [],
                "scale": f"规划用地约{rng.randint(80, 600)}亩，建设道路、给排水、电力管网及标准厂房约"
                         f"{rng.randint(2, 20)}万平方米等配套设施",
                "owner": "县城投公司", "owner_is_unit": True, "responsible": "县工业园区管委会"}
    trade, products = rng.choice(INDUSTRY_LINES)
    company = enterprise(rng, trade)
    product = rng.choice(products)
    kind = rng.random()
    if kind < 0.6:
        name = f"{company}{product}项目"
        scale = (f"总用地面积约{rng.randint(30, 300)}亩，"
                 f"新建生产车间、仓库及配套用房约{rng.randint(20, 160) / 10}万平方米，"
                 f"建成后形成{product}生产能力")
    elif kind < 0.85:
        line = product.split("年产")[-1].lstrip("0123456789万吨台件套米平方GWh")
        name = f"{company}{line or product}生产线技术改造项目"
        scale = f"对现有生产线进行技术改造，新购置自动化生产设备{rng.randint(20, 220)}台（套）"
    else:
        name = f"{company}{product}二期扩产项目"
        scale = f"新建厂房约{rng.randint(1, 5)}万平方米，新增生产线{rng.randint(2, 12)}条"
    township = rng.choice(["社溪镇", "营前镇", "黄埠镇", "东山镇"])
    location = rng.choice([township, rng.choice(PARK_AREAS)])
    return {"name": name, "location": location, "townships": [township], "scale": scale, "owner": company,
            "owner_is_unit": False, "responsible": rng.choice(["县工业园区管委会", "县工信局"])}


def agriculture_project(rng, townships: list[str]) -> dict:
    township = rng.choice(townships)
    if rng.random() < 0.6:
        work = rng.choice(AGRI_WORKS)
        place = f"{township}{village(rng)}村"
        return {"name": f"{place}{work}", "location": place, "townships": [township],
                "scale": f"涉及{rng.randint(2, 12)}个村民小组，建设面积约{rng.randint(500, 8000)}亩",
                "owner": f"{township}人民政府", "owner_is_unit": True,
                "responsible": rng.choice([township, township, "县农业农村局"])}
    company = enterprise(rng, rng.choice(["农业科技", "农业开发", "生态农业", "茶业"]))
    return {"name": f"{company}{rng.choice(AGRI_COMPANY_WORKS)}", "location": township, "townships": [township],
            "scale": f"建设种植（养殖）基地约{rng.randint(200, 3000)}亩及加工车间{rng.randint(2, 20)}千平方米",
            "owner": company, "owner_is_unit": False, "responsible": rng.choice(["县农业农村局", township])}


def services_project(rng, townships: list[str]) -> dict:
    roll = rng.random()
    township = rng.choice(townships)
    if roll < 0.45:
        company = enterprise(rng, rng.choice(["文旅发展", "旅游开发"]))
        place = f"{township}{village(rng)}村"
        return {"name": f"{place}{rng.choice(['茶园', '竹海', '湖畔', '梯田', '古村'])}"
                        f"{rng.choice(SERVICE_TOWNSHIP_WORKS)}",
                "location": place, "townships": [township],
                "scale": f"建设游客服务中心、游步道约{rng.randint(2, 30)}公里及配套设施",
                "owner": company, "owner_is_unit": False, "responsible": rng.choice(["县文广新旅局", township])}
    if roll < 0.85:
        work = rng.choice(SERVICE_COUNTY_WORKS)
        word = rng.choice(ENTERPRISE_WORDS)
        company = f"{rng.choice(PREFIXES)}{word}{rng.choice(['置业', '商贸', '物流'])}有限公司"
        mark = rng.choice(ESTATE_WORDS) if "商住" in work else word
        return {"name": f"上犹县{mark}{work}", "location": "东山镇", "townships": ["东山镇"],
                "scale": f"总建筑面积约{rng.randint(2, 30)}万平方米", "owner": company, "owner_is_unit": False,
                "responsible": rng.choice(["县商务局", "县住建局", "东山镇"])}
    where = rng.choice(["五指峰乡", "陡水镇"])
    return {"name": rng.choice(SERVICE_FIXED).format(v=village(rng)), "location": where, "townships": [where],
            "scale": "提升景区道路、停车场、游客中心及智慧旅游设施", "owner": "县城投公司", "owner_is_unit": True,
            "responsible": "县文广新旅局"}


def infrastructure_project(rng, townships: list[str]) -> dict:
    a, b = rng.sample(townships, 2)
    v, w = rng.sample(VILLAGES, 2)
    roll = rng.random()
    if roll < 0.4:
        template = rng.choice(INFRA_ROAD)
        return {"name": template.format(n=rng.randint(40, 99), a=a.rstrip("镇乡"), b=b.rstrip("镇乡"), v=v, w=w),
                "location": f"{a}、{b}", "townships": [a, b],
                "scale": f"按二级公路标准改建，全长约{rng.randint(5, 45)}公里，路基宽{rng.choice([8.5, 10, 12])}米",
                "owner": rng.choice(["县交通运输局", "县城投公司"]), "owner_is_unit": True,
                "responsible": "县交通运输局"}
    if roll < 0.75:
        template = rng.choice(INFRA_OTHER)
        responsible = "县供电公司" if "输变电" in template else ("县住建局" if "污水" in template else "县水利局")
        return {"name": template.format(a=a, v=v), "location": a, "townships": [a],
                "scale": f"新建（改造）主体工程及配套设施，治理（线路）长度约{rng.randint(3, 40)}公里",
                "owner": responsible, "owner_is_unit": True, "responsible": responsible}
    return {"name": rng.choice(INFRA_CITY).format(area=rng.choice(CITY_AREAS), v=v), "location": "东山镇",
            "townships": ["东山镇"],
            "scale": f"改造管网约{rng.randint(5, 60)}公里及配套设施", "owner": "县城投公司", "owner_is_unit": True,
            "responsible": rng.choice(["县住建局", "县城管局"])}


def new_infrastructure_project(rng, townships: list[str]) -> dict:
    township = rng.choice(townships)
    if rng.random() < 0.6:
        template = rng.choice(NEW_INFRA_TOWNSHIP)
        if "5G" in template:
            owner, is_unit = rng.choice(TELECOMS), False
        elif "光伏" in template or "充电" in template:
            owner, is_unit = enterprise(rng, "新能源"), False
        else:
            owner, is_unit = "县城投公司", True
        return {"name": template.format(a=township, v=village(rng)), "location": township, "townships": [township],
                "scale": f"建设基站（设施）{rng.randint(10, 120)}个及配套工程", "owner": owner,
                "owner_is_unit": is_unit, "responsible": rng.choice(["县工信局", "县发改委"])}
    template = rng.choice(NEW_INFRA_COUNTY)
    owner, is_unit = ((enterprise(rng, "新能源"), False) if "风电" in template or "蓄能" in template
                      else (enterprise(rng, "信息科技"), False) if rng.random() < 0.5 else ("县城投公司", True))
    return {"name": template.format(v=village(rng)), "location": "全县", "townships": [], "countywide": True,
            "scale": "建设平台及配套软硬件设施", "owner": owner, "owner_is_unit": is_unit,
            "responsible": rng.choice(["县工信局", "县发改委"])}


def public_services_project(rng, townships: list[str]) -> dict:
    if rng.random() < 0.45:
        township = rng.choice(townships)
        work, unit = rng.choice(PUBLIC_TOWNSHIP)
        return {"name": f"{township}{village(rng)}{work}", "location": township, "townships": [township],
                "scale": f"新建（改造）建筑面积约{rng.randint(1000, 12000)}平方米及室外配套",
                "owner": unit, "owner_is_unit": True, "responsible": rng.choice([unit, township])}
    template, unit = rng.choice(PUBLIC_COUNTY)
    name = template.format(n=rng.choice("一二三"), area=rng.choice(CITY_AREAS), v=village(rng),
                           estate=rng.choice(ESTATE_WORDS))
    return {"name": name, "location": "东山镇", "townships": ["东山镇"],
            "scale": f"总建筑面积约{rng.randint(3000, 60000)}平方米",
            "owner": rng.choice([unit, "县城投公司"]), "owner_is_unit": True, "responsible": unit}


# domain code → (share of projects, generator, total investment range in 万元)
DOMAIN_PROFILES = {
    "industry": (0.25, industry_project, (800, 60000)),
    "agriculture": (0.15, agriculture_project, (300, 8000)),
    "services": (0.17, services_project, (1000, 40000)),
    "infrastructure": (0.18, infrastructure_project, (2000, 80000)),
    "new_infrastructure": (0.10, new_infrastructure_project, (500, 30000)),
    "public_services": (0.15, public_services_project, (500, 20000)),
}
