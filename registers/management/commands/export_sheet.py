"""python manage.py export_sheet {projects,progress,commissioners,issues,ledger,compliance} [--year Y]
[--quarter Q | --month M] -o FILE (.xlsx or .csv by suffix), in the bureaus' layout; the same code as the
admin export. ``compliance``: the leaders' and liaison commissioners' 履职达标情况 (.xlsx only)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registers.exports.writer import EXPORT_KINDS, export_sheet


class Command(BaseCommand):
    help = "按局办调度表格式导出项目、月度进展、受理专员、协调事项、督办台账（.xlsx 或 .csv）或履职达标情况（.xlsx）。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=EXPORT_KINDS)
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--year", type=int)
        period = parser.add_mutually_exclusive_group()
        period.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
        period.add_argument("--quarter", type=int, choices=range(1, 5), metavar="Q", help="季度（履职达标情况）")
        parser.add_argument("--user", help="按该用户的数据范围导出")

    def handle(self, *args, kind, output, year, month, user, quarter=None, **options):
        account = None
        if user:
            model = get_user_model()
            try:
                account = model.objects.get(**{model.USERNAME_FIELD: user})
            except model.DoesNotExist as exc:
                raise CommandError(f"用户“{user}”不存在。") from exc
        try:
            count = export_sheet(kind, output, user=account, year=year, month=month, quarter=quarter)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已导出{count}行到 {output}")
