"""``python manage.py run_cycle KIND [--period 2022-05] [--scope county|domain:工业|unit:县交运局]``:
build any cycle for any period (backfill) through the same code as the worker, in this process,
and print where each PDF went. Without --period: the period the cycle would report on today."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tasks import periods
from tasks.cycles import DOMAIN, UNIT, Scope, all_cycles, cycle
from tasks.models import RunStatus, Trigger
from tasks.runner import ensure_run, execute, requeue


class Command(BaseCommand):
    help = "生成报告：run_cycle 报告类型 [--period 期间] [--scope 范围]"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="报告类型：" + "、".join(all_cycles()))
        parser.add_argument("--period", help="期间：月 2022-05，季 2022-Q2，年 2022，收集批次 2022-06-03")
        parser.add_argument("--scope", action="append", default=[],
                            help="范围：county、domain:领域名称、unit:单位名称（可重复；默认为该类型的全部范围）")

    def handle(self, *args, kind, period, scope, **options):
        try:
            the_cycle = cycle(kind)
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        try:
            report_period = (periods.parse(period, the_cycle.period_type) if period
                             else the_cycle.latest_period(timezone.localdate()))
        except periods.PeriodError as exc:
            raise CommandError(str(exc)) from None
        allowed = the_cycle.scopes(report_period)
        scopes = [parse_scope(text) for text in scope] or allowed
        for one, text in zip(scopes, scope, strict=False):
            if one not in allowed:
                raise CommandError(f"范围“{text}”不适用于{report_period.label()}的{kind}："
                                   f"可用范围为 {'、'.join(describe(s) for s in allowed) or '（无）'}。")
        if not scopes:
            self.stdout.write(f"{report_period.label()}没有需要生成的{kind}（无适用范围）。")
            return
        failed = 0
        for one in scopes:
            run, created = ensure_run(kind, report_period, one, trigger=Trigger.COMMAND)
            if not created:
                requeue(run, trigger=Trigger.COMMAND)
            run = execute(run.pk)
            if run.status == RunStatus.DONE:
                self.stdout.write(f"{run.get_kind_display()} {run.period} {run.scope_label}：{run.path}")
            else:
                failed += 1
                self.stderr.write(f"{run.get_kind_display()} {run.period} {run.scope_label}："
                                  f"{run.get_status_display()} {run.error}")
        if failed:
            raise CommandError(f"{failed} 份报告未生成。")


def describe(scope: Scope) -> str:
    from snippets.models import Domain, Unit

    if scope.kind == DOMAIN:
        return f"domain:{Domain.objects.get(pk=scope.domain_id).name}"
    if scope.kind == UNIT:
        return f"unit:{Unit.objects.get(pk=scope.unit_id).name}"
    return "county"


def parse_scope(text: str) -> Scope:
    from snippets.models import Domain, Unit

    kind, _, name = (text or "").partition(":")
    kind, name = kind.strip(), name.strip()
    if kind == "county" and not name:
        return Scope()
    if kind == DOMAIN and name:
        domain = Domain.objects.filter(name=name).first() or Domain.objects.filter(code=name).first()
        if domain is None:
            raise CommandError(f"范围“{text}”：没有名为“{name}”的领域。")
        return Scope(DOMAIN, domain_id=domain.pk)
    if kind == UNIT and name:
        from registers.core.unit_names import resolve_unit

        unit = resolve_unit(Unit.objects.name_index(), name)
        if unit is None:
            raise CommandError(f"范围“{text}”：没有名为“{name}”的单位。")
        return Scope(UNIT, unit_id=unit.pk)
    raise CommandError(f"范围“{text}”无效：应为 county、domain:领域名称 或 unit:单位名称。")
