"""python manage.py remove_orphan_images: delete uploaded photos nothing uses (``registers.projects.orphans``)."""

from django.core.management.base import BaseCommand

from registers.projects.orphans import remove_orphan_images


class Command(BaseCommand):
    help = "删除24小时前上传、未被任何月度进展或页面使用的图片。"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除{remove_orphan_images()}张未使用的图片。")
