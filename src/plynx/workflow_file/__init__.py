"""The workflow file format: workflows written by hand in YAML or JSON.

See ``docs/workflow-file.md`` for the format reference.
"""

from plynx.workflow_file.durations import parse_duration
from plynx.workflow_file.loader import load_operations, load_workflow
from plynx.workflow_file.problems import WorkflowFileProblems

__all__ = ["WorkflowFileProblems", "load_operations", "load_workflow", "parse_duration"]
