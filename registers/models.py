"""Every model of the ``registers`` app, gathered from its families (one app label, so the
migrations stay in ``registers/migrations``). Define a model in its family; import it from here
or from the family."""

from registers.coordination.models import *  # noqa: F403
from registers.coordination.models import __all__ as _coordination_models
from registers.core.models import UnitMembership
from registers.duties.models import *  # noqa: F403
from registers.duties.models import __all__ as _duties_models
from registers.projects.models import *  # noqa: F403
from registers.projects.models import __all__ as _project_models

__all__ = ["UnitMembership", *_project_models, *_coordination_models, *_duties_models]
