from wagtail import blocks


class ArticleBlock(blocks.StructBlock):
    """A numbered article of a regulation (第一条 …)."""

    number = blocks.CharBlock(label="条号", required=False)
    text = blocks.RichTextBlock(label="正文", features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        label = "条款"
        icon = "list-ol"
        template = "pages/blocks/article.html"


class BodyStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label="标题", form_classname="title", icon="title",
                               template="pages/blocks/heading.html")
    subheading = blocks.CharBlock(label="小标题", icon="title", template="pages/blocks/subheading.html")
    paragraph = blocks.RichTextBlock(label="段落", features=["bold", "italic", "link", "ol", "ul"],
                                     template="pages/blocks/paragraph.html")
    article = ArticleBlock()
