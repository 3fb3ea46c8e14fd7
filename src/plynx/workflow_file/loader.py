"""``load_workflow``: a workflow file and the files it imports, as one Workflow."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from plynx.errors import ArtifactError, WorkflowFileError
from plynx.model import Artifact, Operation, Workflow
from plynx.workflow_file.builder import Builder, Built
from plynx.workflow_file.parser import FileParser
from plynx.workflow_file.problems import Problems, Where
from plynx.workflow_file.source import SourceError, read_document
from plynx.workflow_file.specs import FileContent, FileSpec, OperationSpec

if TYPE_CHECKING:
    from plynx.artifacts import ArtifactStore


def load_workflow(path: Path | str, artifacts: ArtifactStore) -> Workflow:
    """Read the workflow file at ``path`` (``.yaml``, ``.yml`` or ``.json``).

    The files of file nodes are stored in ``artifacts``. Raise WorkflowFileError naming
    every problem found in the file and the files it imports.
    """
    path = Path(path)
    problems = Problems()
    main = _parse(path, problems, imported=False)
    library = _library([main, *_imported_files(main, problems)], problems)
    built = Builder(library, problems).build(main.nodes, main.parameters)
    problems.raise_if_any(path)
    _upload(built, artifacts)
    return Workflow(
        title=main.title or path.stem,
        description=main.description,
        parameters=main.parameters,
        graph=built.graph,
        operations=built.operations,
    )


def load_operations(path: Path | str, artifacts: ArtifactStore) -> dict[str, Operation]:
    """Every operation an operations file (and what it imports) declares, by name.

    An operations file has the shape of an imported file: ``title``, ``description``,
    ``imports`` and ``operations``.
    """
    path = Path(path)
    problems = Problems()
    main = _parse(path, problems, imported=True)
    library = _library([main, *_imported_files(main, problems)], problems)
    built = Builder(library, problems).build_library()
    problems.raise_if_any(path)
    _upload(built, artifacts)
    return {op.name: op for op in built.operations.values()}


def _parse(path: Path, problems: Problems, imported: bool) -> FileContent:
    try:
        data = read_document(path)
    except SourceError as exc:
        line = f":{exc.line}" if exc.line else ""
        raise WorkflowFileError(f"cannot read workflow file {path}{line}: {exc.message}") from None
    return FileParser(path.resolve(), path.name, problems).parse(data, imported=imported)


def _upload(built: Built, artifacts: ArtifactStore) -> None:
    """Store the files of file operations and set their digests."""
    stored: dict[Path, Artifact] = {}
    for op_id, file in built.files.items():
        if file.path not in stored:
            stored[file.path] = _store(file, artifacts)
        built.operations[op_id].artifact = stored[file.path].digest


def _imported_files(main: FileContent, problems: Problems) -> list[FileContent]:
    """Every file ``main`` imports, directly or not, each once; cycles are refused."""
    loaded: dict[Path, FileContent] = {main.path: main}
    base = main.path.parent

    def visit(content: FileContent, chain: tuple[Path, ...]) -> None:
        for target, where in content.imports:
            resolved = target.resolve()
            display = _display(resolved, base)
            if resolved in chain:
                cycle = " -> ".join(_display(p, base) for p in (*chain, resolved))
                problems.add(where, f"import cycle: {cycle}")
                continue
            if resolved in loaded:
                continue
            if not resolved.exists():
                problems.add(where, f"file not found: {resolved}")
                continue
            try:
                data = read_document(resolved)
            except SourceError as exc:
                problems.add(Where(display, line=exc.line), exc.message)
                continue
            imported = FileParser(resolved, display, problems).parse(data, imported=True)
            loaded[resolved] = imported
            visit(imported, (*chain, resolved))

    visit(main, (main.path,))
    return [content for path, content in loaded.items() if path != main.path]


def _display(path: Path, base: Path) -> str:
    """How a file is named in messages: relative to the main file's folder."""
    return os.path.relpath(path, base)


def _library(files: list[FileContent], problems: Problems) -> dict[str, OperationSpec]:
    """Operations of every file by name; one name defined in two files is a problem."""
    library: dict[str, OperationSpec] = {}
    for content in files:
        for name, spec in content.operations.items():
            first = library.get(name)
            if first is not None:
                problems.add(spec.where, f"operation {name!r} is already defined in "
                                         f"{first.where.file}")
                continue
            library[name] = spec
    return library


def _store(file: FileSpec, artifacts: ArtifactStore) -> Artifact:
    try:
        return artifacts.put(file.path)
    except (ArtifactError, OSError) as exc:
        raise WorkflowFileError(f"{file.where}: cannot store {file.path}: {exc}") from exc
