from .choices import ActivityKind, AssignmentKind, DutyKind, LeadingBody
from .commissioners import CommissionerDuty, LiaisonCommissioner
from .leaders import Leader, LeaderActivity, LeaderAssignment

__all__ = ["ActivityKind", "AssignmentKind", "CommissionerDuty", "DutyKind", "Leader", "LeaderActivity",
           "LeaderAssignment", "LeadingBody", "LiaisonCommissioner"]
