"""Admin pages of the duties beyond the registers' listings: a county leader's own page (their
projects, the quarter's figures, and an activity recorded in three taps from a phone), the
January proposal the HQ office confirms into assignments, and the year-end review table."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.admin import messages

from registers.core.periods import reporting_period
from registers.core.scopes import sees_everything
from registers.duties.models import ActivityKind, AssignmentKind, Leader, LeaderActivity, LeaderAssignment
from registers.duties.queries import Period
from registers.duties.review import proposal, year_end_review
from registers.duties.rules import assignment_errors
from registers.models import Project


def own_assignments(user):
    """A county leader's own assignments (not every assignment of the projects they contact); for
    anyone else, the assignments in their rows."""
    from registers.duties.queries import leader_name_of

    queryset = LeaderAssignment.objects.for_user(user)
    name = leader_name_of(user)
    return queryset.filter(leader__name=name) if name else queryset


DUTY_KINDS = {AssignmentKind.ONE_TO_ONE: [ActivityKind.REPORT, ActivityKind.VISIT],
              AssignmentKind.DOMAIN: [ActivityKind.MEETING]}


def my_duties(request):
    """Tap 1 opens it; each assignment shows its figures and one button per duty kind."""
    today = timezone.localdate()
    period = Period.quarter_of(today.year, today.month)
    assignments = list(own_assignments(request.user).filter(year=today.year)
                       .with_compliance(period).select_related("leader", "project", "domain"))
    year, month = reporting_period()
    figures = {p.pk: p for p in Project.objects.filter(pk__in=[a.project_id for a in assignments if a.project_id])
               .with_figures(year, month)}
    for assignment in assignments:
        assignment.figures = figures.get(assignment.project_id)
        assignment.duty_kinds = DUTY_KINDS[assignment.kind]
    return TemplateResponse(request, "registers/duties/mine.html", {
        "assignments": assignments, "figures_period": f"{year}年1-{month}月", "period": period,
        "header_title": "我的挂点", "may_record": request.user.has_perm("registers.add_leaderactivity"),
    })


class QuickActivityForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    summary = forms.CharField(label="内容摘要（可不填）", required=False, widget=forms.Textarea(attrs={"rows": 3}))


def record_activity(request, pk, kind):
    """Tap 2 opens the form (today's date filled in), tap 3 saves it."""
    if not request.user.has_perm("registers.add_leaderactivity"):
        raise PermissionDenied
    assignment = get_object_or_404(own_assignments(request.user).select_related("leader"), pk=pk)
    if kind not in ActivityKind.values:
        raise PermissionDenied
    activity = LeaderActivity(assignment=assignment, kind=kind)
    form = QuickActivityForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        activity.date, activity.summary = form.cleaned_data["date"], form.cleaned_data["summary"]
        try:
            activity.full_clean()
        except ValidationError as error:
            form.add_error(None, "；".join(m for ms in error.message_dict.values() for m in ms))
        else:
            activity.save()
            messages.success(request,
                             f"已记录：{assignment} · {activity.get_kind_display()}（{activity.date:%-m月%-d日}）")
            return redirect("duties_mine")
    return TemplateResponse(request, "registers/duties/record.html", {
        "form": form, "assignment": assignment, "kind_label": ActivityKind(kind).label,
        "header_title": f"记录{ActivityKind(kind).label}"})


def january_proposal(request):
    """The ranked candidates of ``?year=``; the HQ office picks a leader per project and confirms."""
    if not sees_everything(request.user):
        raise PermissionDenied
    year = int(request.GET.get("year") or timezone.localdate().year)
    candidates = list(proposal(year))
    leaders = list(Leader.objects.order_by("sort_order", "pk"))
    if request.method == "POST":
        created, errors = _confirm(request, year, candidates, leaders)
        if errors:
            for error in errors:
                messages.error(request, error)
        else:
            messages.success(request, f"已确认{created}项挂点安排。")
            return redirect(f"{request.path}?year={year}")
    return TemplateResponse(request, "registers/duties/proposal.html", {
        "year": year, "candidates": candidates, "leaders": leaders, "header_title": f"{year}年挂点项目建议名单"})


def _confirm(request, year, candidates, leaders) -> tuple[int, list[str]]:
    """Assignments for the chosen rows, all or nothing, each checked by the rules."""
    from snippets.models import Unit

    by_id = {str(p.pk): p for p in candidates}
    leader_by_id = {str(leader.pk): leader for leader in leaders}
    rows, errors = [], []
    for project_id in request.POST.getlist("project"):
        project = by_id.get(project_id)
        leader = leader_by_id.get(request.POST.get(f"leader_{project_id}", ""))
        if project is None or leader is None:
            errors.append(f"第{len(rows) + 1}项：请为所选项目选择挂点领导。")
            continue
        unit = Unit.objects.filter(pk=request.POST.get(f"unit_{project_id}") or project.responsible_unit_id).first()
        rows.append(LeaderAssignment(leader=leader, kind=AssignmentKind.ONE_TO_ONE, year=year, project=project,
                                     liaison_unit=unit))
    taken: dict[int, int] = {}
    for row in rows:
        already = taken.get(row.leader_id)
        if already is None:
            already = LeaderAssignment.objects.filter(leader=row.leader, year=year,
                                                      kind=AssignmentKind.ONE_TO_ONE).count()
        for message in assignment_errors(row, taken=already).values():
            errors.append(f"{row.project.name}：{message}")
        taken[row.leader_id] = already + 1
    if errors or not rows:
        return 0, errors or ["请至少选择一个项目。"]
    with transaction.atomic():
        LeaderAssignment.objects.bulk_create(rows)
    return len(rows), []


def review_view(request):
    year = int(request.GET.get("year") or (reporting_period()[0]))
    return TemplateResponse(request, "registers/duties/review.html", {
        "year": year, "rows": year_end_review(year, request.user), "header_title": f"{year}年挂点项目年终评估"})
