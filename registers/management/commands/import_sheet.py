"""python manage.py import_sheet {projects,progress,commissioners,issues,leaders,leader_log,commissioner_log} FILE
[--year Y] [--month M] [--dry-run] [--user USERNAME]: the same code path as the admin import
(registers.imports.pipeline.run_import)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registers.imports.pipeline import MONTH_MISSING, YEAR_MISSING, run_import
from registers.sheets import KINDS

# The web form asks for the year or month; here the flag gives it.
PERIOD_HINTS = {YEAR_MISSING: "（或使用 --year）", MONTH_MISSING: "（或使用 --month）"}


class Command(BaseCommand):
    help = ("导入局办调度表（项目、月度进展、受理专员、协调事项、县领导挂点安排、挂点工作台账或对接专员履职台账）："
            "全部成功才写入，否则列出每个错误。")
    # A data command: the project-wide system checks (URL configuration, every model) run at
    # every server start and ``manage.py check``; skipping them here saves seconds per import.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--year", type=int)
        parser.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
        parser.add_argument("--dry-run", action="store_true", help="只校验并预览，不写入")
        parser.add_argument("--user", help="以该用户身份导入（用于修订记录和数据范围）")
        parser.add_argument("--warnings", action="store_true", help="列出全部警告")
        parser.add_argument("--match-by", choices=["auto", "code", "name+unit"], default="auto",
                            help="按什么匹配系统中的项目：auto（编码，否则名称，同名时再按责任单位）、code、name+unit")

    def handle(self, *args, kind, file, year, month, dry_run, user, warnings, match_by, **options):
        account = None
        if user:
            try:
                account = get_user_model().objects.get(**{get_user_model().USERNAME_FIELD: user})
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"用户“{user}”不存在。") from exc
        result = run_import(kind, file, user=account, year=year, month=month, dry_run=dry_run, match_by=match_by)
        self.stdout.write(result.summary())
        for key, value in result.counts.items():
            self.stdout.write(f"  {key}: {value}")
        shown = result.warnings if warnings else result.warnings[:20]
        for issue in shown:
            self.stdout.write(f"  警告 {issue}")
        if len(shown) < len(result.warnings):
            self.stdout.write(f"  ……另有{len(result.warnings) - len(shown)}条警告（--warnings 查看全部）")
        if result.errors:
            for issue in result.errors:
                self.stderr.write(f"  错误 {issue}{PERIOD_HINTS.get(issue.reason, '')}")
            raise CommandError(f"导入失败：{len(result.errors)}个错误，未写入任何数据。", returncode=1)
