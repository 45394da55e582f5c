"""Listing columns shared by the registers: money (one format, ``registers.core.money``), any
field's value in the admin's form (``ValueColumn``) and a percentage bar."""

from wagtail.admin.ui.tables import Column

from registers.core.money import format_value


class ValueColumn(Column):
    """A plain field's column: 是/否 for booleans, — for none, amounts with thousands separators
    (``money.format_value``). The listings use it for every column named by field only."""

    def get_value(self, instance):
        return format_value(super().get_value(instance))


class MoneyColumn(Column):
    cell_template_name = "registers/columns/money_cell.html"

    def __init__(self, name, **kwargs):
        kwargs.setdefault("classname", "pb-num")
        super().__init__(name, **kwargs)


class PercentBarColumn(Column):
    cell_template_name = "registers/columns/pct_bar_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["raw_value"]
        context["pct"] = value
        context["width"] = None if value is None else max(0, min(100, value))
        context["time_elapsed"] = getattr(instance, "time_elapsed", None)
        context["over_plan"] = getattr(instance, "over_plan", False)
        return context
