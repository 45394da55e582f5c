from .choices import HELD_STATES, Escalation, IssueStatus, LedgerStatus, MeetingState, MeetingTier
from .issue import CoordinationIssue
from .meeting import Meeting
from .minutes import LedgerItem, Minutes
from .notices import CalendarToken, Notice

__all__ = ["HELD_STATES", "CalendarToken", "CoordinationIssue", "Escalation", "IssueStatus", "LedgerItem",
           "LedgerStatus", "Meeting", "MeetingState", "MeetingTier", "Minutes", "Notice"]
