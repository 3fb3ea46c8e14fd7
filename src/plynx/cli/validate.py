"""``plynx validate``: check a workflow file without running it."""

from __future__ import annotations

from pathlib import Path

import click

from plynx.cli.options import Assignments, param_option
from plynx.config import load_settings
from plynx.errors import ValidationFailed
from plynx.graph import validate_workflow
from plynx.graph.warnings import workflow_warnings
from plynx.plugins import get_registry
from plynx.workflow_file import load_workflow


@click.command()
@click.argument("workflow_file", type=click.Path(dir_okay=False, path_type=Path))
@param_option
def validate(workflow_file: Path, assignments: Assignments) -> None:
    """Check WORKFLOW_FILE and the workflow it describes, listing every problem.

    Nothing runs. Exits with 0 when the workflow is valid, 2 otherwise. Warnings (a template
    value inside quotes, …) are printed to stderr and do not change the exit status.
    """
    from plynx.artifacts import open_store  # fsspec is imported only when needed

    settings = load_settings()
    workflow = load_workflow(workflow_file, open_store(settings.artifact_store,
                                                      settings.artifact_store_options))
    registry = get_registry()
    problems = validate_workflow(workflow, registry, assignments.params,
                                 assignments.node_params)
    for warning in workflow_warnings(workflow, registry):
        click.echo(f"warning: {warning}", err=True)
    if problems:
        raise ValidationFailed(problems)
    nodes, operations = len(workflow.graph.nodes), len(workflow.operations)
    click.echo(f"✔ {workflow_file} is valid: {nodes} node(s), {operations} operation(s)")
