from django.core.management import call_command
from django.core.management.base import BaseCommand

from pages.seed import load_pages
from registers.core.roles import ensure_groups
from registers.duties.reference import link_reference_leaders
from snippets.seed import load_reference_data
from tasks.dispatch import load_calendar
from tasks.document import ensure_wordings


class Command(BaseCommand):
    help = "Migrate, then load the source document's content and the user groups (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-migrate", action="store_true", help="skip migrate")

    def handle(self, *args, no_migrate=False, **options):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        created = load_reference_data()
        created["leaders"] = link_reference_leaders()
        ensure_wordings()
        load_calendar()
        groups = ensure_groups()
        pages = load_pages()
        self.stdout.write(
            "基础数据已就绪：新建单位 {units} 个、领域 {domains} 个、年度目标 {targets} 条、指挥部领导 {hq_posts} 人、"
            "县领导 {leaders} 人；"
            "用户组 {groups} 个；页面 {pages} 个。".format(**created, groups=groups, pages=pages)
        )
