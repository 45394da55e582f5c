"""django-import-export resources: the columns of the bureau sheets, declared explicitly.

The layout around the rows (title, unit line, two-row headers, sections, 合计) is written by
``registers.exports.writer`` and read by ``registers.sheets``; these resources say which column holds
what, with ``dehydrate_*`` for computed columns. A project's figures are the query layer's
(``ProjectQuerySet.with_sheet_columns``: plan, 1-M月 completed of the latest counted month, its
形象进度 and 存在问题), so a sheet shows what every screen shows.
"""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from registers.core.money import round_percent, sheet_number
from registers.models import Nature, Project
from snippets.models import AcceptanceCommissioner, Unit


class ProjectResource(resources.ModelResource):
    """One row per project, for the year (plan) and month (year-to-date progress) given."""

    code = fields.Field(attribute="code", column_name="项目编码")
    name = fields.Field(attribute="name", column_name="项目名称")
    nature = fields.Field(column_name="建设性质")
    location = fields.Field(attribute="location", column_name="建设地点")
    scale_content = fields.Field(attribute="scale_content", column_name="建设规模及主要内容")
    years = fields.Field(column_name="建设起止年限")
    total_investment = fields.Field(column_name="总投资")
    prior_cumulative = fields.Field(column_name="截至上年底累计完成投资")
    annual_plan = fields.Field(column_name="年度计划投资")
    completed_ytd = fields.Field(column_name="累计完成投资")
    rate = fields.Field(column_name="占年度计划(%)")
    image_progress = fields.Field(column_name="形象进度")
    owner_name = fields.Field(attribute="owner_name", column_name="项目业主")
    responsible_unit = fields.Field(attribute="responsible_unit", column_name="责任单位",
                                    widget=ForeignKeyWidget(Unit, field="name"))
    contact_leaders = fields.Field(attribute="contact_leaders", column_name="挂点县领导")
    problems = fields.Field(column_name="存在问题")
    remarks = fields.Field(attribute="remarks", column_name="备注")

    class Meta:
        model = Project
        fields = ("code", "name", "nature", "location", "scale_content", "years", "total_investment",
                  "prior_cumulative", "annual_plan", "completed_ytd", "rate", "image_progress", "owner_name",
                  "responsible_unit", "contact_leaders", "problems", "remarks")
        export_order = fields
        import_id_fields = ("code",)

    def dehydrate_nature(self, project):
        return Nature(project.nature).label

    def dehydrate_years(self, project):
        if project.end_year and project.end_year != project.start_year:
            return f"{project.start_year}-{project.end_year}"
        return str(project.start_year)

    def dehydrate_total_investment(self, project):
        return sheet_number(project.total_investment)

    def dehydrate_prior_cumulative(self, project):
        return sheet_number(project.prior_cumulative) if project.has_plan else None

    def dehydrate_annual_plan(self, project):
        return sheet_number(project.plan_amount) if project.has_plan else None

    def dehydrate_completed_ytd(self, project):
        return sheet_number(project.ytd_completed) if project.figures_month else None

    def dehydrate_rate(self, project):
        if not project.figures_month:
            return None
        rate = round_percent(project.pct_of_plan)
        return None if rate is None else float(rate)

    def dehydrate_image_progress(self, project):
        return project.figures_image_progress or ""

    def dehydrate_problems(self, project):
        return project.figures_problems or ""

    def dehydrate_responsible_unit(self, project):
        return str(project.responsible_unit) if project.responsible_unit_id else ""


class AcceptanceCommissionerResource(resources.ModelResource):
    unit = fields.Field(attribute="unit", column_name="单位", widget=ForeignKeyWidget(Unit, field="name"))
    name = fields.Field(attribute="name", column_name="姓名")
    post = fields.Field(attribute="post", column_name="职务")
    office_phone = fields.Field(attribute="office_phone", column_name="办公电话")
    mobile = fields.Field(attribute="mobile", column_name="手机")
    matters = fields.Field(attribute="matters", column_name="受理事项")

    class Meta:
        model = AcceptanceCommissioner
        fields = ("unit", "name", "post", "office_phone", "mobile", "matters")
        export_order = fields
        import_id_fields = ("unit", "name")

    def dehydrate_unit(self, commissioner):
        return str(commissioner.unit)
