"""A large bureau-layout project sheet (重大项目调度表) for benchmarks, the same for the same seed.

    .venv/bin/python bench/make_large_sheet.py OUT.xlsx [--rows N] [--seed S]

The layout of ``shared/samples/bad_inputs/large_20000_rows.xlsx`` and of the exporter
(``registers.exports.projects``): a merged title line, 单位：万元, a two-row merged header (the
year's plan, 1-6月 completed and rate under one “2022年投资计划及完成情况” group), a 合计 row, one
section row per domain “一、工业项目（N个）” with its subtotals, numbered rows restarting per
section, and two footnotes. Every amount adds up exactly (the importer's subtotal checks stay
silent) and every name is unique. Townships, units and domains are those of the reference data
(``snippets/seed.py``), read from its source without starting Django, so the file imports into any
bootstrapped database without an error. Written in openpyxl's write-only mode (20,000 rows: ~3 s).
"""

from __future__ import annotations

import argparse
import ast
import math
import random
from decimal import Decimal
from pathlib import Path

SEED_FILE = Path(__file__).resolve().parents[1] / "snippets" / "seed.py"
YEAR, MONTH = 2022, 6
TITLE = f"上犹县{YEAR}年“项目大会战”重大项目调度表"
NUMERALS = "一二三四五六七八九十"
HEADER_TOP = ["序号", "项目名称", "建设性质", "建设地点", "建设规模及主要内容", "建设起止年限", "总投资",
              f"截至{YEAR - 1}年底累计完成投资", f"{YEAR}年投资计划及完成情况", None, None, "形象进度",
              "项目业主", "责任单位", "挂点县领导", "存在问题", "备注"]
HEADER_SUB = [None] * 8 + ["年度计划投资", f"1-{MONTH}月完成投资", "占年度计划(%)"] + [None] * 6
WIDTH = len(HEADER_TOP)
MONEY = (6, 7, 8, 9)  # 总投资, 截至上年底, 年度计划, 1-M月 (the columns a subtotal sums)
WIDTHS = [6, 40, 8, 14, 46, 11, 12, 14, 12, 12, 10, 30, 30, 14, 10, 24, 14]
FOOTNOTES = [
    "填报单位：上犹县“项目大会战”指挥部办公室（县发改委代章）\u3000\u3000\u3000填报人：某某某\u3000\u3000\u3000"
    "联系电话：0797-0000000",
    "注：1.本表金额单位为万元；2.建设性质分为新建、续建、前期；3.本表为性能测试用合成数据。",
]

# Share of the rows per domain (seed order) and the units responsible for a domain's projects
# (short names of the seed; checked against it).
SHARES = {"工业": 25, "农业": 15, "服务业": 15, "重大基础设施": 20, "新基建": 10, "公共服务": 15}
RESPONSIBLE = {
    "工业": ["县工信局", "县工业园区管委会"],
    "农业": ["县农业农村局", "县林业局", "县水利局", "县供销社"],
    "服务业": ["县商务局", "县文广新旅局", "县金融工作局"],
    "重大基础设施": ["县交通运输局", "县水利局", "县住建局", "县城投公司", "县发改委", "县自然资源局"],
    "新基建": ["县发改委", "县工信局", "县供电公司"],
    "公共服务": ["县教科体局", "县卫健委", "县民政局", "县住建局", "县人社局"],
}
PUBLIC_OWNERS = ["县城投公司", "县犹江实业公司", "县自来水公司", "县供电公司"]

REGIONS = ["江西", "赣州", "上犹县", "赣南"]
BRANDS = ["卓远", "华锐", "正源", "三江", "茂源", "鑫盛", "润泽", "晶鑫", "东犹", "恒泰", "宏达", "金诚", "瑞丰",
          "天成", "博远", "盛世", "永兴", "嘉禾", "富源", "鼎新", "华晨", "众诚", "联创", "长鑫", "犹江", "梅岭",
          "陡水", "南湖", "阳明", "五指峰"]
TRADES = ["新材料科技", "机械制造", "光电科技", "电子科技", "智能科技", "食品", "生物科技", "新能源", "精密制造",
          "家居"]
PRODUCTS = [("万吨", "玻纤短切毡"), ("万吨", "玻璃钢管道及型材"), ("万米", "玻纤电子布"), ("万台", "智能穿戴设备"),
            ("万件", "五金精密零部件"), ("万套", "手机摄像模组"), ("万吨", "有机茶叶"), ("万张", "覆铜板"),
            ("万件", "实木家具"), ("万只", "锂电池"), ("万片", "光伏组件"), ("万套", "高精度数控刀具")]
VILLAGE_FIRST = "石龙新田上下麻长黄高大樟水坪桥梅竹枫"  # village names: one of each, + 村 (289 names)
VILLAGE_SECOND = "门头溪心寨湾岭沙坑坪口岗背塘陂垇洞"
CROPS = ["高标准农田", "富硒蔬菜基地", "有机茶园", "油茶林改造", "脐橙种植基地", "生猪养殖场", "稻渔综合种养基地",
         "食用菌产业园", "烟叶基地"]
SERVICES = ["文旅综合体", "商贸物流园", "农产品冷链物流中心", "乡村旅游示范点", "电商产业园", "特色商业街区",
            "星级酒店", "汽车城"]
WORKS = ["公路改造工程", "旅游公路工程", "防洪工程", "城区供水管网改造工程", "污水处理厂提标改造工程",
         "安置小区建设工程", "河道综合治理工程", "城市道路建设工程", "农村公路提升工程", "桥梁建设工程"]
NEW_INFRA = ["5G基站建设项目", "充电桩建设项目", "千兆光网建设项目", "智慧城市建设项目", "农村电网改造升级项目",
             "数据中心建设项目", "物联网感知平台项目"]
PUBLIC = ["中心小学教学楼建设项目", "中学综合楼建设项目", "卫生院改扩建项目", "敬老院建设项目", "幼儿园新建项目",
          "文化活动中心建设项目", "全民健身中心建设项目", "中医院住院大楼项目"]
PROGRESS = ["正在进行基础施工", "主体结构施工中", "主体工程完成约一半", "设备安装调试中",
            "已完成项目备案，正在办理用地手续", "可研已批复，正在开展初步设计", "完成“三通一平”",
            "厂房主体封顶，正在进行内部装修", "已竣工，正在办理验收"]
LEADERS = ["陈某某", "黄某某", "刘某某", "吴某某", "谢某某", "李某某", "王某某", "罗某某", "曾某某"]
PROBLEMS = [None] * 8 + ["项目资金缺口较大", "用地指标未落实", "征地拆迁推进较慢"]
REMARKS = [None] * 8 + ["省重点项目", "市重点项目", "PPP项目", "专项债项目"]


def seed_names() -> tuple[list[str], list[str], set[str]]:
    """(townships, domain names, unit short names) of ``snippets/seed.py``, read from its source."""
    assigned = {node.targets[0].id: node.value for node in ast.parse(SEED_FILE.read_text("utf-8")).body
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
    townships = ast.literal_eval(assigned["TOWNSHIPS"])
    domains = [ast.literal_eval(entry.elts[1]) for entry in assigned["DOMAINS"].elts]
    units = {ast.literal_eval(entry.elts[0]) for name in ("HQ_MEMBER_UNITS", "OTHER_UNITS")
             for entry in assigned[name].elts}
    return townships, domains, units | set(townships)


def _village(rng: random.Random) -> str:
    return rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND)


def _company(rng: random.Random) -> str:
    return f"{rng.choice(REGIONS)}{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司"


def _name_and_content(rng: random.Random, domain: str, town: str) -> tuple[str, str, str]:
    """(project name, 建设规模及主要内容, 项目业主 when not a public owner) of a domain's project."""
    village = f"{town}{_village(rng)}村"
    if domain == "工业":
        company = _company(rng)
        unit, product = rng.choice(PRODUCTS)
        size = rng.choice([1, 2, 3, 5, 8, 10, 12, 20, 30, 50, 100, 500, 1000, 5000, 12000])
        return (f"{company}年产{size}{unit}{product}项目",
                f"总用地面积约{rng.randint(20, 300)}亩，"
                f"新建生产车间、仓库及配套用房约{rng.randint(10, 160) / 10}万平方米，"
                f"建成后形成年产{size}{unit}{product}生产能力", company)
    if domain == "农业":
        return (f"{village}{rng.choice(CROPS)}建设项目",
                f"建设面积约{rng.randint(100, 5000)}亩，配套灌溉、道路及加工设施", f"{town}人民政府")
    if domain == "服务业":
        company = f"{rng.choice(REGIONS)}{rng.choice(BRANDS)}{rng.choice(['文化旅游', '商贸', '物流', '置业'])}有限公司"
        return (f"{town}{_village(rng)}{rng.choice(SERVICES)}项目",
                f"总建筑面积约{rng.randint(5, 200) / 10}万平方米，建设{rng.choice(SERVICES)}及配套设施", company)
    if domain == "重大基础设施":
        return (f"{town}{_village(rng)}{rng.choice(WORKS)}", f"建设里程约{rng.randint(2, 400) / 10}公里及附属设施", "")
    if domain == "新基建":
        return (f"{town}{_village(rng)}片区{rng.choice(NEW_INFRA)}",
                f"新建站点{rng.randint(5, 300)}个及配套线路", "")
    return (f"{village}{rng.choice(PUBLIC)}", f"总建筑面积约{rng.randint(1000, 30000)}平方米及附属工程",
            f"{town}人民政府")


def _unique(name: str, seen: set[str], serial: int) -> str:
    if name in seen:
        name = f"{name}（{serial:05d}）"
    seen.add(name)
    return name


def _amounts(rng: random.Random) -> tuple[str, str, int, int | None, int, float | None, float]:
    """(nature, years, total, prior, plan, year-to-date, rate) that pass the register's rules."""
    nature = rng.choices(["新建", "续建", "前期"], weights=[45, 35, 20])[0]
    total = round(math.exp(rng.uniform(math.log(300), math.log(30000))) / 10) * 10  # log-uniform, 万元
    if nature == "续建":
        start = rng.randint(2018, YEAR - 1)
        prior = rng.randint(1, max(1, total // 20)) * 10
    else:
        start = YEAR if nature == "新建" else rng.choice([YEAR, YEAR + 1])
        prior = rng.choice([None, 0])
    end = rng.randint(max(start, YEAR), max(start, YEAR) + 3)
    plan = rng.randint(1, max(1, (total - (prior or 0)) // 10)) * 10
    ytd = None if nature == "前期" and rng.random() < 0.5 else round(plan * rng.uniform(0, 0.9), 1)
    if ytd is not None and ytd == int(ytd):
        ytd = int(ytd)
    rate = round(100 * (ytd or 0) / plan, 1)
    return nature, f"{start}-{end}", total, prior, plan, ytd, rate


def project_rows(rows: int, seed: int) -> dict[str, list[list]]:
    """The data rows (without 序号) per domain, in the seed's domain order."""
    townships, domains, units = seed_names()
    missing = {u for names in RESPONSIBLE.values() for u in names + PUBLIC_OWNERS} - units
    unknown = set(SHARES) - set(domains)
    if missing or unknown:
        raise SystemExit(f"snippets/seed.py no longer has these units/domains: {sorted(missing | unknown)}")
    rng = random.Random(seed)
    order = [d for d in domains if d in SHARES]
    counts = {d: rows * SHARES[d] // sum(SHARES.values()) for d in order}
    counts[order[0]] += rows - sum(counts.values())
    seen: set[str] = set()
    out: dict[str, list[list]] = {}
    serial = 0
    for domain in order:
        out[domain] = []
        for _ in range(counts[domain]):
            serial += 1
            town = rng.choice(townships)
            for _attempt in range(5):  # a fresh name when the draw repeats one; else a serial
                name, content, owner = _name_and_content(rng, domain, town)
                if name not in seen:
                    break
            nature, years, total, prior, plan, ytd, rate = _amounts(rng)
            out[domain].append([
                _unique(name, seen, serial), nature, town, content, years, total, prior, plan, ytd, rate,
                rng.choice(PROGRESS), owner or rng.choice(PUBLIC_OWNERS), rng.choice(RESPONSIBLE[domain]),
                rng.choice(LEADERS), rng.choice(PROBLEMS), rng.choice(REMARKS)])
    return out


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _sums(label: str, rows: list[list]) -> list:
    """A 合计 or section row: the label, then each money column summed and the rate of the sums."""
    out: list = [label] + [None] * (WIDTH - 1)
    for index in MONEY:  # data rows lack 序号: column index - 1
        out[index] = _number(sum((Decimal(str(r[index - 1])) for r in rows if r[index - 1] is not None), Decimal(0)))
    out[10] = round(100 * out[9] / out[8], 1) if out[8] else 0
    return out


def write_sheet(path: Path, rows: int = 20_000, seed: int = 2022) -> int:
    """Write the sheet; returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    domains = project_rows(rows, seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"{YEAR}年重大项目调度表")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(WIDTH)
    merges = [f"A1:{last}1", f"A2:{last}2", "I3:K3", "A5:F5"]
    merges += [f"{get_column_letter(c)}3:{get_column_letter(c)}4" for c in [*range(1, 9), *range(12, WIDTH + 1)]]
    for line in ([TITLE] + [None] * (WIDTH - 1), ["单位：万元"] + [None] * (WIDTH - 1), HEADER_TOP, HEADER_SUB):
        sheet.append(line)
    every = [r for section in domains.values() for r in section]
    sheet.append(_sums(f"合计（{len(every)}个）", every))
    number = 5  # the last row written
    for position, (domain, section) in enumerate(domains.items()):
        sheet.append(_sums(f"{NUMERALS[position]}、{domain}项目（{len(section)}个）", section))
        merges.append(f"A{number + 1}:F{number + 1}")
        for seq, row in enumerate(section, start=1):
            sheet.append([seq, *row])
        number += 1 + len(section)
    sheet.append([])
    sheet.append([])
    for offset, note in enumerate(FOOTNOTES, start=3):
        sheet.append([note] + [None] * (WIDTH - 1))
        merges.append(f"A{number + offset}:{last}{number + offset}")
    for ref in merges:
        sheet.merged_cells.add(ref)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return len(every)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a large, deterministic bureau-layout project sheet.")
    parser.add_argument("out", type=Path, help="the .xlsx file to write")
    parser.add_argument("--rows", type=int, default=20_000, help="data rows (default 20,000)")
    parser.add_argument("--seed", type=int, default=2022, help="random seed (default 2022)")
    args = parser.parse_args()
    written = write_sheet(args.out, args.rows, args.seed)
    print(f"{args.out}: {written} project rows")


if __name__ == "__main__":
    main()
