"""Every model of the ``registers`` app, gathered from its families (one app label, so the
migrations stay in ``registers/migrations``). Define a model in its family; import it from here
or from the family."""

from registers.core.models import UnitMembership
from registers.projects.models import (
    ActionLevel,
    AnnualPlan,
    GroundbreakingRound,
    LaggingRule,
    LagLevel,
    MonthlyProgress,
    Nature,
    ObservationMeeting,
    ProgressPhoto,
    ProgressStatus,
    Project,
    Stage,
)

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
    "UnitMembership",
]
