"""The columns of every sheet kind, defined once: the field a column fills, its title on an
exported sheet (also the name a message uses), the headers bureaus write for it, whether it holds
money, and the model fields whose messages belong to it.

The importer reads headers with ``synonyms`` (``registers.sheets.headers``) and names columns with
``label``; the exporter titles its columns with ``label`` (``registers.exports.resources``). A test
holds the two together: every ``label`` is read back as its own column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the exported title and the column's name in messages
    synonyms: str  # regex over the normalised header text (``header_key``)
    money: bool = False
    checked: bool = False  # a money column whose subtotal rows are checked against their rows
    model_fields: tuple[str, ...] = ()  # model attnames whose messages point at this column
    required: bool = False


PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号|编号"),
    Column("code", "项目编码", r"项目(编码|代码|编号)|统一项目代码|编码", model_fields=("code",)),
    Column("domain", "项目类别", r"项目类别|项目类型|类别|所属领域|领域|行业领域|所属行业",
           model_fields=("domain", "domain_id")),
    Column("name", "项目名称", r"项目名称|项目名|名称", model_fields=("name", "normalized_name"), required=True),
    Column("nature", "建设性质", r"建设性质|项目性质|性质", model_fields=("nature", "stage")),
    Column("township", "所在乡镇", r"所在乡镇|乡镇", model_fields=("townships", "is_countywide")),
    Column("location", "建设地点", r"建设地点|项目地点|建设地址|项目所在地|所在地|地点",
           model_fields=("location", "townships", "is_countywide")),
    Column("scale_content", "建设规模及主要内容",
           r"建设规模及(主要)?(建设)?内容|(主要)?建设内容(及规模)?|建设规模|规模及内容",
           model_fields=("scale_content",)),
    Column("start_year", "开工年份", r"开工年(份|度)|开工时间", model_fields=("start_year",)),
    Column("end_year", "完工年份", r"(完工|竣工)年(份|度)|(完工|竣工)时间", model_fields=("end_year",)),
    Column("years", "建设起止年限", r"建设(起止)?年限|起止年限|建设期限|建设周期|起止年份",
           model_fields=("year", "start_year", "end_year")),
    Column("total_investment", "总投资", r"(项目|计划)?总投资(额)?", money=True, checked=True,
           model_fields=("total_investment",)),
    Column("government_investment", "政府投资", r"政府投资(额)?", money=True,
           model_fields=("government_investment",)),
    Column("social_investment", "社会投资", r"社会投资(额)?", money=True, model_fields=("social_investment",)),
    Column("prior_cumulative", "截至上年底累计完成投资",
           r"截[至止](\d{4}年|上年)底?(累计)?完成(投资)?|以前年度累计完成(投资)?|上年底累计完成(投资)?",
           money=True, checked=True),
    Column("annual_plan", "年度计划投资", r"(\d{4}年)?(年度)?(计划投资|投资计划)(额)?|年度计划|本年计划投资",
           money=True, checked=True),
    Column("completed_ytd", "累计完成投资",
           r"(\d{4}年)?1[-~至到](\d{1,2})月(份)?(累计)?完成(投资)?(额)?|本年累计完成(投资)?|累计完成投资",
           money=True, checked=True, model_fields=("month", "completed_ytd")),
    Column("rate", "占年度计划(%)", r"占年度计划.*|完成率.*|完成比例.*|投资完成率.*"),
    Column("image_progress", "形象进度", r"(工程|项目)?形象进度|项目进展(情况)?|进展情况"),
    Column("owner", "项目业主", r"项目业主|业主(单位)?|建设单位|项目单位|实施主体",
           model_fields=("owner_name", "owner_unit", "owner_unit_id")),
    Column("responsible_unit", "责任单位", r"责任单位|责任部门|主管部门|主管单位",
           model_fields=("responsible_unit", "responsible_unit_id")),
    Column("contact_leaders", "挂点县领导", r"挂点(县)?领导|包挂(县)?领导|联系(县)?领导",
           model_fields=("contact_leaders",)),
    Column("problems", "存在问题", r"存在(的)?问题(及建议)?|问题及建议|存在困难"),
    Column("remarks", "备注", r"备注", model_fields=("remarks",)),
)

COMMISSIONER_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号"),
    Column("unit", "单位", r"单位|所在单位|部门|单位名称|所在部门", model_fields=("unit", "unit_id"), required=True),
    Column("name", "姓名", r"姓名|专员姓名|受理专员", model_fields=("name",), required=True),
    Column("post", "职务", r"职务|职位", model_fields=("post",)),
    Column("office_phone", "办公电话", r"办公电话|座机|固定电话|办公室电话", model_fields=("office_phone",)),
    Column("mobile", "手机", r"手机|手机号(码)?|移动电话", model_fields=("mobile",)),
    Column("matters", "受理事项", r"受理事项|受理范围|负责事项", model_fields=("matters",)),
)

ISSUE_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号|编号"),
    Column("code", "项目编码", r"项目(编码|代码)|统一项目代码", model_fields=("project",)),
    Column("name", "项目名称", r"项目名称|项目名|名称", model_fields=("project",)),
    Column("unit", "提报单位", r"提报单位|报送单位|提出单位|责任单位|单位", model_fields=("raised_by", "raised_by_id"),
           required=True),
    Column("category", "问题类别", r"问题类(别|型)|类别", model_fields=("category",)),
    Column("problem", "存在问题", r"存在(的)?问题|问题(描述|内容)?|困难(和|及)问题", model_fields=("problem",),
           required=True),
    Column("request", "需协调解决事项", r"需(县级|县里)?协调(解决)?(的)?事项|协调(解决)?事项|请求事项|诉求",
           model_fields=("request",)),
    Column("tier", "建议协调层级", r"建议(协调)?层级|协调层级|建议会议|会议层级", model_fields=("proposed_tier",)),
    Column("raised_on", "提报日期", r"提报(日期|时间)|报送(日期|时间)|日期", model_fields=("raised_on",),
           required=True),
    Column("contact_person", "联系人", r"联系人", model_fields=("contact_person",)),
    Column("contact_phone", "联系电话", r"联系(电话|方式)|电话", model_fields=("contact_phone",)),
    Column("round", "收集批次", r"收集批次|批次"),
    Column("status", "办理状态", r"办理状态|状态"),
    Column("opinion", "会商意见", r"会商意见", model_fields=("opinion",)),
)

LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号"),
    Column("text", "议定事项", r"议定事项|督办事项|事项"),
    Column("name", "项目名称", r"项目名称"),
    Column("units", "责任单位", r"责任单位"),
    Column("deadline", "完成时限", r"完成时限|时限"),
    Column("source", "来源会议", r"来源会议|会议纪要"),
    Column("reviews", "审议次数", r"审议次数"),
    Column("status", "状态", r"状态"),
    Column("escalation", "督办等级", r"督办等级"),
    Column("overdue", "是否逾期", r"是否逾期|逾期"),
    Column("checked_off_on", "销号日期", r"销号日期"),
)

# The 县领导挂点联系重大项目安排表 (附件3): its 一对一 sheet and its 包干 sheet, told apart by their headers.
LEADER_ONE_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号"),
    Column("leader", "挂点领导", r"挂点(县)?领导|联系(县)?领导|县领导|领导(姓名)?",
           model_fields=("leader", "leader_id"), required=True),
    Column("post", "职务", r"职务|领导职务"),
    Column("code", "项目编码", r"项目(编码|代码)|统一项目代码", model_fields=("project",)),
    Column("name", "挂点项目", r"挂点(联系)?项目|项目名称|项目", model_fields=("project", "project_id"), required=True),
    Column("liaison_unit", "服务联络部门", r"服务联络(部门|单位)|联络(部门|单位)|服务(部门|单位)",
           model_fields=("liaison_unit", "liaison_unit_id")),
    Column("notes", "备注", r"备注", model_fields=("notes",)),
)

LEADER_DOMAIN_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号"),
    Column("leader", "包干领导", r"包干(县)?领导|分管(县)?领导|领导(姓名)?", model_fields=("leader", "leader_id"),
           required=True),
    Column("post", "职务", r"职务|领导职务"),
    Column("domain", "分管领域", r"分管领域|包干领域|领域", model_fields=("domain", "domain_id"), required=True),
)

# The leaders' 工作台账 (附件3 第八条): a 挂点项目 is a project name, or "X领域" for 包干.
LEADER_LOG_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号"),
    Column("date", "日期", r"日期|时间|活动日期", model_fields=("date",), required=True),
    Column("leader", "挂点领导", r"挂点(县)?领导|包干(县)?领导|县领导|领导", model_fields=("assignment",),
           required=True),
    Column("name", "挂点项目", r"挂点(联系)?项目|挂点对象|项目(名称)?", model_fields=("assignment",), required=True),
    Column("kind", "活动类型", r"活动类(型|别)|类型|活动方式", model_fields=("kind",), required=True),
    Column("summary", "内容摘要", r"内容摘要|内容|摘要|工作内容", model_fields=("summary",)),
)

# The liaison commissioners' 履职台账 (附件4).
COMMISSIONER_LOG_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号"),
    Column("date", "日期", r"日期|时间", model_fields=("date",), required=True),
    Column("commissioner", "对接专员", r"对接专员|专员(姓名)?|姓名", model_fields=("commissioner",), required=True),
    Column("unit", "所在单位", r"所在单位|单位|所在部门|部门", model_fields=("commissioner",), required=True),
    Column("name", "项目名称", r"项目名称|对接项目|项目", model_fields=("project", "project_id"), required=True),
    Column("kind", "类型", r"类型|履职类型|事项类型|方式", model_fields=("kind",), required=True),
    Column("notes", "情况记录", r"情况记录|情况|记录|内容", model_fields=("notes",)),
)

# The compliance export (exported only): per assignment, and per liaison commissioner.
COMPLIANCE_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号"),
    Column("leader", "挂点领导", r"挂点领导"),
    Column("post", "职务", r"职务"),
    Column("target", "挂点项目", r"挂点项目"),
    Column("report_months", "听取汇报（月数）", r"听取汇报(\(月数\))?"),
    Column("site_visits", "现场调研（次数）", r"现场调研(\(次数\))?"),
    Column("meeting_months", "协调会（月数）", r"协调会(\(月数\))?"),
    Column("met", "是否达标", r"是否达标"),
)

COMPLIANCE_COMMISSIONER_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", r"序号"),
    Column("commissioner", "对接专员", r"对接专员"),
    Column("unit", "所在单位", r"所在单位"),
    Column("projects", "对接项目", r"对接项目"),
    Column("call_weeks", "周电话联络（周数）", r"周电话联络(\(周数\))?"),
    Column("visit_months", "月现场走访（月数）", r"月现场走访(\(月数\))?"),
    Column("met", "是否达标", r"是否达标"),
)

SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    "projects": PROJECT_COLUMNS,
    "progress": PROJECT_COLUMNS,
    "commissioners": COMMISSIONER_COLUMNS,
    "issues": ISSUE_COLUMNS,
    "ledger": LEDGER_COLUMNS,
    "leaders_one": LEADER_ONE_COLUMNS,
    "leaders_domain": LEADER_DOMAIN_COLUMNS,
    "leader_log": LEADER_LOG_COLUMNS,
    "commissioner_log": COMMISSIONER_LOG_COLUMNS,
    "compliance": COMPLIANCE_COLUMNS,
    "compliance_commissioners": COMPLIANCE_COMMISSIONER_COLUMNS,
}
_BY_FIELD = {kind: {c.field: c for c in columns} for kind, columns in SHEET_COLUMNS.items()}


def column(kind: str, field: str) -> Column:
    return _BY_FIELD[kind][field]


def label(kind: str, field: str) -> str:
    """The column's title: on an exported sheet and in every message about it."""
    found = _BY_FIELD[kind].get(field)
    return found.label if found else field


def money_fields(kind: str = "projects") -> tuple[str, ...]:
    return tuple(c.field for c in SHEET_COLUMNS[kind] if c.money)


def checked_fields(kind: str = "projects") -> tuple[str, ...]:
    return tuple(c.field for c in SHEET_COLUMNS[kind] if c.checked)


def required_fields(kind: str) -> tuple[str, ...]:
    return tuple(c.field for c in SHEET_COLUMNS[kind] if c.required)


def columns_of_model_field(kind: str, model_field: str) -> tuple[str, ...]:
    """The sheet columns a model field's message may point at, in the sheet kind's order."""
    return tuple(c.field for c in SHEET_COLUMNS[kind] if model_field in c.model_fields)
