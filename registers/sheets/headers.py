"""Header synonyms: the many ways bureaus title the same column, per kind of sheet.

Headers are compared after ``header_key``: NFKC (full-width → half-width), no whitespace, a
trailing money unit such as "（万元）" removed (and kept as that column's unit).
"""

import re
import unicodedata

_UNIT_SUFFIX = re.compile(r"[(\[]?(万元|亿元|元)[)\]]?$")

PROJECT_COLUMNS: list[tuple[str, str]] = [
    ("seq", r"序号|编号"),
    ("code", r"项目(编码|代码|编号)|统一项目代码|编码"),
    ("domain", r"项目类别|项目类型|类别|所属领域|领域|行业领域|所属行业"),
    ("name", r"项目名称|项目名|名称"),
    ("nature", r"建设性质|项目性质|性质"),
    ("township", r"所在乡镇|乡镇"),
    ("location", r"建设地点|项目地点|建设地址|项目所在地|所在地|地点"),
    ("scale_content", r"建设规模及(主要)?(建设)?内容|(主要)?建设内容(及规模)?|建设规模|规模及内容"),
    ("years", r"建设(起止)?年限|起止年限|建设期限|建设周期|起止年份"),
    ("start_year", r"开工年(份|度)|开工时间"),
    ("end_year", r"(完工|竣工)年(份|度)|(完工|竣工)时间"),
    ("total_investment", r"(项目|计划)?总投资(额)?"),
    ("government_investment", r"政府投资(额)?"),
    ("social_investment", r"社会投资(额)?"),
    ("prior_cumulative", r"截[至止](\d{4}年|上年)底?(累计)?完成(投资)?|以前年度累计完成(投资)?|上年底累计完成(投资)?"),
    ("annual_plan", r"(\d{4}年)?(年度)?(计划投资|投资计划)(额)?|年度计划|本年计划投资"),
    ("completed_ytd", r"(\d{4}年)?1[-~至到](\d{1,2})月(份)?(累计)?完成(投资)?(额)?|本年累计完成(投资)?|累计完成投资"),
    ("rate", r"占年度计划.*|完成率.*|完成比例.*|投资完成率.*"),
    ("image_progress", r"(工程|项目)?形象进度|项目进展(情况)?|进展情况"),
    ("owner", r"项目业主|业主(单位)?|建设单位|项目单位|实施主体"),
    ("responsible_unit", r"责任单位|责任部门|主管部门|主管单位"),
    ("contact_leaders", r"挂点(县)?领导|包挂(县)?领导|联系(县)?领导"),
    ("problems", r"存在(的)?问题(及建议)?|问题及建议|存在困难"),
    ("remarks", r"备注"),
]

COMMISSIONER_COLUMNS: list[tuple[str, str]] = [
    ("seq", r"序号"),
    ("unit", r"单位|所在单位|部门|单位名称|所在部门"),
    ("name", r"姓名|专员姓名|受理专员"),
    ("post", r"职务|职位"),
    ("office_phone", r"办公电话|座机|固定电话|办公室电话"),
    ("mobile", r"手机|手机号(码)?|移动电话"),
    ("matters", r"受理事项|受理范围|负责事项"),
]

COMPILED = {
    "projects": [(field, re.compile(f"(?:{pattern})")) for field, pattern in PROJECT_COLUMNS],
    "commissioners": [(field, re.compile(f"(?:{pattern})")) for field, pattern in COMMISSIONER_COLUMNS],
}
COMPILED["progress"] = COMPILED["projects"]

REQUIRED = {"projects": ["name"], "progress": ["name"], "commissioners": ["unit", "name"]}
REQUIRED_LABEL = {"name": "项目名称", "unit": "单位"}
# The Chinese name of every column, for messages about a column the sheet does not have (a
# message never shows an English field name).
_PROJECT_LABELS = {
    "seq": "序号", "code": "项目编码", "domain": "项目类别", "name": "项目名称", "nature": "建设性质",
    "township": "所在乡镇", "location": "建设地点", "scale_content": "建设规模及主要内容", "years": "建设起止年限",
    "start_year": "开工年份", "end_year": "完工年份", "total_investment": "总投资", "government_investment": "政府投资",
    "social_investment": "社会投资", "prior_cumulative": "上年底累计完成投资", "annual_plan": "年度计划投资",
    "completed_ytd": "累计完成投资", "rate": "完成率", "image_progress": "形象进度", "owner": "项目业主",
    "responsible_unit": "责任单位", "contact_leaders": "挂点县领导", "problems": "存在问题", "remarks": "备注",
}
COLUMN_LABELS = {
    "projects": _PROJECT_LABELS, "progress": _PROJECT_LABELS,
    "commissioners": {"seq": "序号", "unit": "单位", "name": "姓名", "post": "职务", "office_phone": "办公电话",
                      "mobile": "手机", "matters": "受理事项"},
}


def header_key(value) -> tuple[str, str | None]:
    """(normalised header text, money unit named in the header or None)."""
    if value is None:
        return "", None
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"\s+", "", text)
    unit = None
    match = _UNIT_SUFFIX.search(text)
    if match and len(text) > len(match.group(0)):
        unit = match.group(1)
        text = text[: match.start()]
    return text, unit


def match_field(kind: str, value) -> str | None:
    text, _unit = header_key(value)
    if not text:
        return None
    for field, pattern in COMPILED[kind]:
        if pattern.fullmatch(text):
            return field
    return None
