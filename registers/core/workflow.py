"""Status workflows: the one place a register says which status moves exist, who may make each,
what each stamps, and how the history names it. Forms, imports, views and bulk actions all ask
a ``Workflow``; none compares statuses itself. Progress months use it now
(``registers.projects.workflow``); coordination issues and ledger items are written the same way.

A ``Transition`` moves a row from one of its ``sources`` to its ``target``. Its ``allowed(user,
obj)`` says whether the user may make it (row scope is checked before, by the viewset); its
``stamp(obj, user, now)`` writes who and when. ``edit_rule`` says what an edit of a row in a given
state does: refuse it, or move the row back (a verified month changed by its verifier is
submitted again, awaiting a new review).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


def anyone(user, obj) -> bool:
    return True


def no_stamp(obj, user, now) -> None:
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str  # the history's verb: 报送, 审核, 退回
    description: str  # the history's sentence
    allowed: Callable = anyone
    stamp: Callable = no_stamp
    refusal: str = ""  # why a user who may not make it is refused
    # Fields the move needs filled (a reason, the evidence): field name → the message when blank.
    requires: tuple[tuple[str, str], ...] = ()

    @property
    def log_action(self) -> str:
        return f"registers.{self.name}"


@dataclass(frozen=True)
class EditRule:
    """An edit of a row in ``state``: refused with ``error`` unless ``allowed(user, obj)``; when
    allowed, the row moves to ``reset_to`` (None: stays) with ``reset`` field values."""

    state: str
    allowed: Callable
    error: str
    reset_to: str | None = None
    reset: dict = field(default_factory=dict)


@dataclass
class Workflow:
    field: str
    states: type  # a TextChoices
    transitions: list[Transition]
    edit_rules: list[EditRule] = field(default_factory=list)

    def label(self, state: str) -> str:
        return str(self.states(state).label)

    def find(self, source: str | None, target: str) -> Transition | None:
        for transition in self.transitions:
            if transition.target == target and (source is None or source in transition.sources):
                return transition
        return None

    def targets_for(self, user, obj, source: str | None) -> list[str]:
        """The states the user may leave the row in: where it is, and every allowed move from there
        (a new row: its initial state and the moves from it)."""
        source = source or self.states.values[0]
        targets = [source]
        for transition in self.transitions:
            if source in transition.sources and transition.target not in targets and transition.allowed(user, obj):
                targets.append(transition.target)
        return [state for state in self.states.values if state in targets]

    def move_error(self, user, obj, source: str | None, target: str) -> str:
        """Why the user may not move the row from ``source`` to ``target`` ("" when they may)."""
        if target == (source or self.states.values[0]):
            return ""
        transition = self.find(source or self.states.values[0], target)
        if transition is None:
            return f"不能从“{self.label(source or self.states.values[0])}”改为“{self.label(target)}”。"
        if not transition.allowed(user, obj):
            return transition.refusal or f"您无权将其设为“{self.label(target)}”。"
        return ""

    def missing(self, obj, source: str | None, target: str) -> dict[str, str]:
        """The fields the move from ``source`` to ``target`` needs and ``obj`` leaves blank."""
        source = source or self.states.values[0]
        transition = self.find(source, target) if target != source else None
        if transition is None:
            return {}
        return {name: message for name, message in transition.requires
                if not str(getattr(obj, name, "") or "").strip()}

    def edit_rule(self, state: str | None) -> EditRule | None:
        return next((rule for rule in self.edit_rules if rule.state == state), None)

    def edit_outcome(self, user, obj, state: str | None, changed: bool) -> tuple[str, dict]:
        """(error, reset) of an edit of a row in ``state``: see ``EditRule``."""
        rule = self.edit_rule(state)
        if rule is None or not changed:
            return "", {}
        if not rule.allowed(user, obj):
            return rule.error, {}
        reset = dict(rule.reset)
        if rule.reset_to is not None:
            reset[self.field] = rule.reset_to
        return "", reset

    def apply(self, obj, user, source: str | None, now=None) -> Transition | None:
        """Stamp the move the row has just made (from ``source`` to its current state); return it."""
        target = getattr(obj, self.field)
        source = source or self.states.values[0]  # a new row starts in the first state
        if target == source:
            return None
        transition = self.find(source, target) or self.find(None, target)
        if transition is not None:
            transition.stamp(obj, user, now or timezone.now())
        return transition

    def register_log_actions(self, actions) -> None:
        """History labels (hook ``register_log_actions``)."""
        for transition in self.transitions:
            actions.register_action(transition.log_action, transition.label, transition.description)
