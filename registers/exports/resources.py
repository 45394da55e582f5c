"""django-import-export resources: the columns of the bureau sheets, titled from the one column
specification the importer reads too (``registers.sheets.columns``).

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
from registers.sheets.columns import label
from snippets.models import AcceptanceCommissioner, Unit


class ProjectResource(resources.ModelResource):
    """One row per project, for the year (plan) and month (year-to-date progress) given."""

    code = fields.Field(attribute="code", column_name=label("projects", "code"))
    name = fields.Field(attribute="name", column_name=label("projects", "name"))
    nature = fields.Field(column_name=label("projects", "nature"))
    township = fields.Field(column_name=label("projects", "township"))
    location = fields.Field(attribute="location", column_name=label("projects", "location"))
    scale_content = fields.Field(attribute="scale_content", column_name=label("projects", "scale_content"))
    years = fields.Field(column_name=label("projects", "years"))
    total_investment = fields.Field(column_name=label("projects", "total_investment"))
    prior_cumulative = fields.Field(column_name=label("projects", "prior_cumulative"))
    annual_plan = fields.Field(column_name=label("projects", "annual_plan"))
    completed_ytd = fields.Field(column_name=label("projects", "completed_ytd"))
    rate = fields.Field(column_name=label("projects", "rate"))
    image_progress = fields.Field(column_name=label("projects", "image_progress"))
    owner_name = fields.Field(attribute="owner_name", column_name=label("projects", "owner"))
    responsible_unit = fields.Field(attribute="responsible_unit", column_name=label("projects", "responsible_unit"),
                                    widget=ForeignKeyWidget(Unit, field="name"))
    contact_leaders = fields.Field(attribute="contact_leaders", column_name=label("projects", "contact_leaders"))
    problems = fields.Field(column_name=label("projects", "problems"))
    remarks = fields.Field(attribute="remarks", column_name=label("projects", "remarks"))

    class Meta:
        model = Project
        fields = ("code", "name", "nature", "township", "location", "scale_content", "years", "total_investment",
                  "prior_cumulative", "annual_plan", "completed_ytd", "rate", "image_progress", "owner_name",
                  "responsible_unit", "contact_leaders", "problems", "remarks")
        export_order = fields
        import_id_fields = ("code",)

    def dehydrate_nature(self, project):
        return Nature(project.nature).label

    def dehydrate_township(self, project):
        return project.place  # 梅水乡、东山镇 / 全县 (``projects.locations``)

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
    unit = fields.Field(
        attribute="unit", column_name=label("commissioners", "unit"), widget=ForeignKeyWidget(Unit, field="name")
    )
    name = fields.Field(attribute="name", column_name=label("commissioners", "name"))
    post = fields.Field(attribute="post", column_name=label("commissioners", "post"))
    office_phone = fields.Field(attribute="office_phone", column_name=label("commissioners", "office_phone"))
    mobile = fields.Field(attribute="mobile", column_name=label("commissioners", "mobile"))
    matters = fields.Field(attribute="matters", column_name=label("commissioners", "matters"))

    class Meta:
        model = AcceptanceCommissioner
        fields = ("unit", "name", "post", "office_phone", "mobile", "matters")
        export_order = fields
        import_id_fields = ("unit", "name")

    def dehydrate_unit(self, commissioner):
        return str(commissioner.unit)
