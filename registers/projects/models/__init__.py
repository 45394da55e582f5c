from .actions import ActionLevel, GroundbreakingRound, ObservationMeeting
from .choices import LagLevel, Nature, ProgressStatus, Stage
from .plan import AnnualPlan
from .progress import MonthlyProgress, ProgressPhoto
from .project import Project
from .settings import LaggingRule

__all__ = [
    "ActionLevel",
    "AnnualPlan",
    "GroundbreakingRound",
    "LagLevel",
    "LaggingRule",
    "MonthlyProgress",
    "Nature",
    "ObservationMeeting",
    "ProgressPhoto",
    "ProgressStatus",
    "Project",
    "Stage",
]
