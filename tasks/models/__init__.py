from .calendar import CalendarEntry, ReportCalendar
from .choices import ReportKind, RunStatus, ScopeKind, Trigger
from .runs import ReportRun
from .wording import ReportWording

__all__ = ["CalendarEntry", "ReportCalendar", "ReportKind", "ReportRun", "ReportWording", "RunStatus", "ScopeKind",
           "Trigger"]
