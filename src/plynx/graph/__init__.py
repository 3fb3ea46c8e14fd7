"""Pure graph algorithms: validation, topological order and sub-graph expansion."""

from plynx.graph.expand import Group, Plan, PlanNode, Port, build_plan, resolve_params
from plynx.graph.order import find_cycle, topological_order
from plynx.graph.validate import validate_workflow

__all__ = [
    "Group",
    "Plan",
    "PlanNode",
    "Port",
    "build_plan",
    "find_cycle",
    "resolve_params",
    "topological_order",
    "validate_workflow",
]
