import time

from django.core.management.base import BaseCommand, CommandError

from cms.cache import invalidate_public
from registers.projects.demo import load_demo_data


class Command(BaseCommand):
    help = (
        "Fill the register with plausible demo projects, plans, monthly progress, photos, events, acceptance "
        "commissioners, a year of coordination (issues, meetings, minutes, ledger) and one demo user per role. "
        "Deterministic with --seed; a second run creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=300, help="number of demo projects (default 300)")
        parser.add_argument("--seed", type=int, default=2021, help="random seed (default 2021)")
        parser.add_argument("--year", type=int, help="the year reported on (default: the current reporting period's)")
        parser.add_argument("--months", type=int,
                            help="months of progress up to the period (default: last year's and this year's)")
        parser.add_argument("--volume", action="store_true",
                            help="benchmark volume: every project under construction over the whole window, "
                                 "no photos, no search index")
        parser.add_argument("--password", help="password of the demo users (default: generated and printed)")
        parser.add_argument("--reset", action="store_true", help="delete the demo rows first")

    def handle(self, *args, projects, seed, year, months, volume, password, reset, **options):
        if projects < 0 or (months is not None and months < 1):
            raise CommandError("--projects 不能为负数，--months 至少为 1。")
        started = time.monotonic()
        try:
            result = load_demo_data(projects=projects, seed=seed, year=year, months=months, volume=volume,
                                    password=password, reset=reset)
        except (RuntimeError, ValueError) as error:
            raise CommandError(str(error)) from error
        invalidate_public()  # written in bulk: no model signal reached the public cache
        c = result.created
        self.stdout.write(
            f"演示数据（截至{result.year}年{result.month}月）：新建项目 {c['projects']} 个、年度计划 {c['plans']} 条、"
            f"月度进展 {c['progress']} 条、现场照片 {c['photos']} 张、集中开（竣）工活动 {c['rounds']} 次、"
            f"现场观摩会 {c['meetings']} 次、受理专员 {c['commissioners']} 名、协调事项 {c.get('issues', 0)} 项、"
            f"协调会议 {c.get('coordination_meetings', 0)} 次、督办事项 {c.get('ledger_items', 0)} 项、"
            f"挂点安排 {c.get('assignments', 0)} 项、挂点工作记录 {c.get('activities', 0)} 条、"
            f"对接专员 {c.get('liaison_commissioners', 0)} 名、专员履职记录 {c.get('duties', 0)} 条"
            + (f"；先删除旧演示数据 {c['deleted']} 条" if "deleted" in c else "")
            + f"（用时 {time.monotonic() - started:.1f} 秒）。"
        )
        self.stdout.write("演示账号（登录 /admin/）：")
        for username, secret, group, unit in result.users:
            self.stdout.write(f"  {username:<15} 密码 {secret:<14} {group}（{unit}）")
