"""Warnings about a workflow: doubts that never stop it from running (see
:meth:`plynx.kinds.base.Kind.warnings`)."""

from __future__ import annotations

from plynx.errors import PluginError, Problem
from plynx.model import Workflow
from plynx.plugins import Registry


def workflow_warnings(workflow: Workflow, registry: Registry) -> list[Problem]:
    """The warnings of every operation of ``workflow``, each at ``operations.NAME.…``.

    An operation of an unknown kind has none: validation reports the kind itself.
    """
    warnings: list[Problem] = []
    for operation in workflow.operations.values():
        try:
            kind = registry.kind(operation.kind)
        except PluginError:
            continue
        for warning in kind.warnings(operation):
            where = f"operations.{operation.name}"
            warnings.append(Problem(f"{where}.{warning.where}" if warning.where else where,
                                    warning.message, warning.line))
    return warnings
