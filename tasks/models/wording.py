from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import PreviewableMixin

from .choices import ReportKind

PLACEHOLDER_HELP = ("可用占位符：{期间}、{年度}、{月份}、{季度}、{范围}、{单位}、{领域}、{序时进度}、"
                    "{回复期限}、{发文日期}，生成时由系统填入")


class ReportWording(PreviewableMixin, models.Model):
    """The words of one kind of document, as the HQ office writes them: its title, issuing mark,
    number prefix, preface, closing, signature and distribution. The cycle fills in the figures."""

    kind = models.CharField("报告类型", max_length=40, choices=ReportKind.choices, unique=True)
    mark = models.CharField("发文机关标志", max_length=100, help_text="红色版头，如：上犹县“项目大会战”指挥部办公室")
    number_prefix = models.CharField("发文字号前缀", max_length=30, blank=True,
                                     help_text="如“犹项战办字”，文号为 前缀〔年份〕序号号；留空则不编文号")
    title = models.CharField("标题", max_length=200, help_text=PLACEHOLDER_HELP)
    addressee = models.CharField("主送", max_length=200, blank=True, help_text=PLACEHOLDER_HELP)
    preface = models.TextField("导语", blank=True, help_text=PLACEHOLDER_HELP + "；每行一段")
    closing = models.TextField("结束语", blank=True, help_text=PLACEHOLDER_HELP + "；每行一段")
    signature = models.CharField("落款", max_length=100)
    copied_to = models.CharField("抄送", max_length=300, blank=True, help_text=PLACEHOLDER_HELP)
    printed_by = models.CharField("印发机关", max_length=100, blank=True)
    reply_days = models.PositiveSmallIntegerField("回复期限（天）", default=7,
                                                  help_text="预警提示函等需书面回复的文件：印发后多少天内回复")

    panels = [
        FieldPanel("kind", read_only=True),
        MultiFieldPanel([FieldPanel("mark"), FieldPanel("number_prefix"), FieldPanel("title"),
                         FieldPanel("addressee")], heading="版头与标题"),
        MultiFieldPanel([FieldPanel("preface"), FieldPanel("closing")], heading="正文"),
        MultiFieldPanel([FieldPanel("signature"), FieldRowPanel([FieldPanel("copied_to"), FieldPanel("printed_by")]),
                         FieldPanel("reply_days")], heading="落款与版记"),
    ]

    class Meta:
        verbose_name = "报告文字"
        verbose_name_plural = "报告文字"
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def kind_label(self) -> str:
        return self.get_kind_display()

    kind_label.short_description = "报告类型"

    @property
    def preview_modes(self):
        return [("pdf", "PDF"), ("html", "网页")]

    def serve_preview(self, request, mode_name):
        """The document of the latest period with these (unsaved) words, as the cycle would build it."""
        from tasks.preview import preview_response

        return preview_response(self, request, mode_name)
