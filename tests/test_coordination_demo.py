"""The demo's year of coordination: every tier, minutes, a ledger at every escalation level."""

import pytest

from registers.coordination.agenda import proposed_agenda
from registers.models import CoordinationIssue, LedgerItem, Meeting, MeetingState, MeetingTier, Minutes
from registers.projects.demo import delete_demo_data, load_demo_data

pytestmark = pytest.mark.django_db


def test_demo_has_a_year_of_coordination_at_every_level():
    result = load_demo_data(projects=60, seed=5, password="x")
    assert result.created["issues"] >= 48  # at least two per round, 24 rounds
    assert set(Meeting.objects.values_list("tier", flat=True)) == set(MeetingTier.values)
    assert Minutes.objects.count() == Meeting.objects.filter(state=MeetingState.MINUTES_ISSUED).count() > 12
    levels = set(LedgerItem.objects.with_escalation().values_list("escalation", flat=True))
    assert levels == {"", "explain", "criticism"}
    statuses = set(CoordinationIssue.objects.values_list("status", flat=True))
    assert {"decided", "checked_off"} <= statuses
    planned = Meeting.objects.filter(state=MeetingState.PLANNED, tier=MeetingTier.JOINT).get()
    agenda = proposed_agenda(planned)
    assert agenda.open_items and agenda.previous is not None
    again = load_demo_data(projects=60, seed=5, password="x")
    assert again.created["issues"] == 0
    delete_demo_data()
    assert not Meeting.objects.exists() and not CoordinationIssue.objects.exists()


def test_demo_has_assignments_and_logs_with_gaps():
    from registers.duties.queries import Period
    from registers.models import LeaderAssignment, LiaisonCommissioner

    result = load_demo_data(projects=80, seed=6, password="x")
    assert result.created["assignments"] >= 16 and result.created["activities"] > 50
    period = Period(result.year, 1, result.month)
    met = set(LeaderAssignment.objects.with_compliance(period).values_list("met", flat=True))
    assert False in met  # gaps: not every leader met every month
    for assignment in LeaderAssignment.objects.all():
        assignment.full_clean()  # the demo keeps the rules (1–3 projects, a liaison unit, open projects)
    if result.created["liaison_commissioners"]:
        assert LiaisonCommissioner.objects.with_compliance(period).filter(met=False).exists()
    delete_demo_data()
    assert not LeaderAssignment.objects.exists()
