from .campaign import CampaignYear, DomainTarget
from .commissioner import AcceptanceCommissioner
from .domain import Domain, LeadingGroup
from .headquarters import HeadquartersPost
from .unit import Unit, UnitAlias

__all__ = [
    "AcceptanceCommissioner",
    "CampaignYear",
    "Domain",
    "DomainTarget",
    "HeadquartersPost",
    "LeadingGroup",
    "Unit",
    "UnitAlias",
]
