"""Reading one workflow file's data into specs, checking its structure key by key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from plynx.model import COMPOSITE_INPUTS, CachePolicy, Position, RetryPolicy
from plynx.model.names import name_problem
from plynx.workflow_file.fields import (
    check_keys,
    expect_bool,
    expect_duration,
    expect_list,
    expect_mapping,
    expect_name,
    expect_number,
    expect_str,
    parse_parameters,
    parse_slots,
    plain,
)
from plynx.workflow_file.problems import Problems, Where
from plynx.workflow_file.source import Mapping
from plynx.workflow_file.specs import FileContent, FileSpec, NodeSpec, OperationSpec, SourceRef

WORKFLOW_KEYS = ("title", "description", "parameters", "imports", "operations", "nodes")
LIBRARY_KEYS = ("title", "description", "imports", "operations")

_OPERATION_KEYS = ("kind", "title", "description")
_EXECUTABLE_KEYS = ("inputs", "outputs", "parameters", "code", "code_file", "cache", "retries",
                    "timeout", "env")
_COMPOSITE_KEYS = ("inputs", "outputs", "parameters", "nodes")
_FILE_OPERATION_KEYS = ("file", "type")
_NODE_KEYS = ("operation", "title", "inputs", "params", "position")
_FILE_NODE_KEYS = ("file", "type", "title", "position")

#: Resource types given to files by their name suffix when a file node names no type.
SUFFIX_TYPES = {
    ".csv": "csv", ".tsv": "tsv", ".json": "json", ".txt": "text", ".pdf": "pdf",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image",
}

_REFERENCE = re.compile(r"^\$\{\s*([^{}\s]+)\s*\}$")
_UNESCAPED = re.compile(r"(?<!\$)\$\{")


class FileParser:
    """Parses the data of one file; ``base`` is the folder relative paths start from."""

    def __init__(self, path: Path, display: str, problems: Problems) -> None:
        self.path = path
        self.base = path.parent
        self.root = Where(display)
        self.problems = problems
        problems.add_file(display)

    def parse(self, data: Any, *, imported: bool) -> FileContent:
        """Everything the file declares; an imported file may only declare operations."""
        content = FileContent(path=self.path, where=self.root)
        top = expect_mapping(data, self.root, self.problems, "a mapping of workflow keys",
                             allow_none=False)
        if top is None:
            return content
        check_keys(top, self.root, self.problems, WORKFLOW_KEYS, () if imported else ("nodes",))
        if imported:
            for key in top:
                if key in WORKFLOW_KEYS and key not in LIBRARY_KEYS:
                    self.problems.add(self.root.key(key, top),
                                      "an imported file may only declare operations")
        if "title" in top:
            content.title = expect_str(top["title"], self.root.key("title", top), self.problems,
                                       numbers=True)
        if "description" in top:
            content.description = expect_str(top["description"],
                                             self.root.key("description", top), self.problems,
                                             allow_empty=True) or ""
        if "parameters" in top and not imported:
            content.parameters = parse_parameters(top["parameters"],
                                                  self.root.key("parameters", top), self.problems)
        if "imports" in top:
            content.imports = self._imports(top["imports"], self.root.key("imports", top))
        if "operations" in top:
            at = self.root.key("operations", top)
            operations = expect_mapping(top["operations"], at, self.problems)
            for name, spec in (operations or {}).items():
                expect_name(name, at.key(name, operations), self.problems, "operation name")
                parsed = self.operation(name, spec, at.key(name, operations))
                if parsed is not None:
                    content.operations[name] = parsed
        if "nodes" in top and not imported:
            content.nodes = self.nodes(top["nodes"], self.root.key("nodes", top), composite=False)
        return content

    def _imports(self, value: Any, where: Where) -> list[tuple[Path, Where]]:
        items = expect_list(value, where, self.problems) or []
        found = []
        for index, item in enumerate(items):
            at = where.item(index)
            text = expect_str(item, at, self.problems)
            if text is not None:
                found.append((self.base / text, at))
        return found

    # operations -----------------------------------------------------------------------

    def operation(self, name: str, value: Any, where: Where) -> OperationSpec | None:
        """One operation definition (``kind``, slots, parameters, code or nodes …)."""
        spec = expect_mapping(value, where, self.problems, "a mapping describing the operation",
                              allow_none=False)
        if spec is None:
            return None
        if "kind" in spec:
            kind = expect_str(spec["kind"], where.key("kind", spec), self.problems)
            if kind is None:
                return None
        elif "nodes" in spec:
            kind = "composite"
        else:
            self.problems.add(where.key("kind"),
                              "missing (file, bash_jinja2, python, composite or a plugin's kind)")
            return None
        extra: tuple[str, ...]
        if kind == "composite":
            extra = _COMPOSITE_KEYS
        elif kind == "file":
            extra = _FILE_OPERATION_KEYS
        else:
            extra = _EXECUTABLE_KEYS
        required = {"composite": ["nodes"], "file": ["file"]}.get(kind, [])
        check_keys(spec, where, self.problems, _OPERATION_KEYS + extra, required)
        op = OperationSpec(name=name, where=where, kind=kind)
        if "title" in spec:
            op.title = expect_str(spec["title"], where.key("title", spec), self.problems,
                                  numbers=True) or ""
        if "description" in spec:
            op.description = expect_str(spec["description"], where.key("description", spec),
                                        self.problems, allow_empty=True) or ""
        if kind == "file":
            if "file" in spec:
                op.file = self._file(spec, where)
            return op
        if "inputs" in spec:
            op.inputs = parse_slots(spec["inputs"], where.key("inputs", spec), self.problems,
                                    inputs=True)
        if "outputs" in spec:
            op.outputs = parse_slots(spec["outputs"], where.key("outputs", spec), self.problems,
                                     inputs=False, composite_outputs=kind == "composite")
        if "parameters" in spec:
            op.parameters = parse_parameters(spec["parameters"], where.key("parameters", spec),
                                             self.problems)
        if kind == "composite":
            if "nodes" in spec:
                op.nodes = self.nodes(spec["nodes"], where.key("nodes", spec), composite=True)
            return op
        self._code(op, spec, where)
        if "cache" in spec:
            op.cache = self._cache(spec["cache"], where.key("cache", spec))
        if "retries" in spec:
            op.retries = self._retries(spec["retries"], where.key("retries", spec))
        if "timeout" in spec:
            op.timeout_seconds = expect_duration(spec["timeout"], where.key("timeout", spec),
                                                 self.problems)
        if "env" in spec:
            op.env = self._env(spec["env"], where.key("env", spec))
        return op

    def _code(self, op: OperationSpec, spec: Mapping, where: Where) -> None:
        if "code" in spec and "code_file" in spec:
            self.problems.add(where.key("code_file", spec), "give either code or code_file")
        elif "code" in spec:
            op.code = expect_str(spec["code"], where.key("code", spec), self.problems,
                                 allow_empty=True) or ""
        elif "code_file" in spec:
            at = where.key("code_file", spec)
            relative = expect_str(spec["code_file"], at, self.problems)
            if relative is None:
                return
            try:
                op.code = (self.base / relative).read_text(encoding="utf-8")
            except FileNotFoundError:
                self.problems.add(at, f"file not found: {self.base / relative}")
            except (OSError, UnicodeDecodeError) as exc:
                self.problems.add(at, f"cannot read {self.base / relative}: {exc}")

    def _cache(self, value: Any, where: Where) -> CachePolicy:
        if isinstance(value, bool):
            return CachePolicy(enabled=value)
        spec = expect_mapping(value, where, self.problems, "true, false or a mapping")
        if spec is None:
            return CachePolicy()
        check_keys(spec, where, self.problems, ("enabled", "expiry", "version"))
        policy = CachePolicy()
        if "enabled" in spec:
            enabled = expect_bool(spec["enabled"], where.key("enabled", spec), self.problems)
            policy.enabled = True if enabled is None else enabled
        if "expiry" in spec:
            policy.expiry_seconds = expect_duration(spec["expiry"], where.key("expiry", spec),
                                                    self.problems)
        if "version" in spec:
            version = expect_str(spec["version"], where.key("version", spec), self.problems,
                                 numbers=True)
            policy.version = version or policy.version
        return policy

    def _retries(self, value: Any, where: Where) -> RetryPolicy:
        spec = expect_mapping(value, where, self.problems)
        if spec is None:
            return RetryPolicy()
        check_keys(spec, where, self.problems, ("max_attempts", "backoff", "backoff_factor"))
        policy = RetryPolicy()
        if "max_attempts" in spec:
            attempts = expect_number(spec["max_attempts"], where.key("max_attempts", spec),
                                     self.problems, minimum=1, integer=True)
            policy.max_attempts = int(attempts or 1)
        if "backoff" in spec:
            at = where.key("backoff", spec)
            raw = spec["backoff"]
            if raw == 0 and not isinstance(raw, bool):
                policy.backoff_seconds = 0.0
            else:
                policy.backoff_seconds = expect_duration(raw, at, self.problems) or 1.0
        if "backoff_factor" in spec:
            factor = expect_number(spec["backoff_factor"], where.key("backoff_factor", spec),
                                   self.problems, minimum=1)
            policy.backoff_factor = factor or 2.0
        return policy

    def _env(self, value: Any, where: Where) -> dict[str, str]:
        spec = expect_mapping(value, where, self.problems)
        env = {}
        for name, item in (spec or {}).items():
            text = expect_str(item, where.key(name, spec), self.problems, allow_empty=True,
                              numbers=True)
            if text is not None:
                env[name] = text
        return env

    def _file(self, spec: Mapping, where: Where) -> FileSpec | None:
        at = where.key("file", spec)
        written = expect_str(spec["file"], at, self.problems)
        if written is None:
            return None
        path = (self.base / written).resolve()
        if not path.exists():
            self.problems.add(at, f"file not found: {path}")
            return None
        if "type" in spec:
            type_ = expect_str(spec["type"], where.key("type", spec), self.problems)
            if type_ is None:
                return None
        elif path.is_dir():
            type_ = "directory"
        else:
            type_ = SUFFIX_TYPES.get(path.suffix.lower(), "file")
        return FileSpec(path=path, written=written, type=type_, where=at)

    # nodes ----------------------------------------------------------------------------

    def nodes(self, value: Any, where: Where, *, composite: bool) -> list[NodeSpec]:
        """The ``nodes:`` mapping of a workflow or a composite operation."""
        mapping = expect_mapping(value, where, self.problems)
        found = []
        for node_id, spec in (mapping or {}).items():
            node = self.node(node_id, spec, where.key(node_id, mapping), composite=composite)
            if node is not None:
                found.append(node)
        return found

    def node(self, node_id: str, value: Any, where: Where, *, composite: bool) -> NodeSpec | None:
        """One node: ``{operation, inputs, params, title, position}`` or ``{file, type}``."""
        bad_id = _check_node_id(node_id)
        if bad_id:
            self.problems.add(where, bad_id)
        spec = expect_mapping(value, where, self.problems, "a mapping describing the node",
                              allow_none=False)
        if spec is None or bad_id:
            return None
        node = NodeSpec(id=node_id, where=where)
        if "file" in spec:
            check_keys(spec, where, self.problems, _FILE_NODE_KEYS)
            node.file = self._file(spec, where)
        else:
            check_keys(spec, where, self.problems, _NODE_KEYS, ["operation"])
        if "title" in spec:
            node.title = expect_str(spec["title"], where.key("title", spec), self.problems,
                                    numbers=True) or ""
        if "position" in spec:
            node.position = self._position(spec["position"], where.key("position", spec))
        if node.file is not None or "file" in spec:
            return node
        if "operation" in spec:
            at = where.key("operation", spec)
            if isinstance(spec["operation"], dict):
                node.inline = self.operation(node_id, spec["operation"], at)
            else:
                node.operation = expect_str(spec["operation"], at, self.problems)
        if "inputs" in spec:
            node.inputs = self._inputs(spec["inputs"], where.key("inputs", spec))
        if "params" in spec:
            self._params(node, spec["params"], where.key("params", spec))
        return node

    def _inputs(self, value: Any, where: Where) -> list[tuple[str, list[SourceRef]]]:
        mapping = expect_mapping(value, where, self.problems)
        found = []
        for name, sources in (mapping or {}).items():
            at = where.key(name, mapping)
            items = expect_list(sources, at, self.problems) or []
            refs = []
            for index, item in enumerate(items):
                item_at = at.item(index) if isinstance(sources, list) else at
                ref = self._source(item, item_at)
                if ref is not None:
                    refs.append(ref)
            found.append((name, refs))
        return found

    def _source(self, value: Any, where: Where) -> SourceRef | None:
        text = expect_str(value, where, self.problems)
        if text is None:
            return None
        node, dot, output = text.strip().partition(".")
        if not node or (dot and not output):
            self.problems.add(where, f"expected NODE.OUTPUT or NODE, got {text!r}")
            return None
        return SourceRef(node=node, output=output if dot else None, where=where)

    def _params(self, node: NodeSpec, value: Any, where: Where) -> None:
        mapping = expect_mapping(value, where, self.problems)
        for name, item in (mapping or {}).items():
            at = where.key(name, mapping)
            if not isinstance(item, str):
                node.params[name] = plain(item)
                continue
            reference = _REFERENCE.match(item)
            if reference:
                node.param_refs[name] = (reference.group(1), at)
            elif _UNESCAPED.search(item):
                self.problems.add(at, "a parameter reference ${NAME} must be the whole value "
                                      "(write $${ for a literal ${)")
            else:
                node.params[name] = item.replace("$${", "${")

    def _position(self, value: Any, where: Where) -> Position | None:
        if isinstance(value, list) and len(value) == 2:
            x, y = value
        elif isinstance(value, dict):
            check_keys(value, where, self.problems, ("x", "y"), ("x", "y"))
            x, y = value.get("x"), value.get("y")
        else:
            self.problems.add(where, "expected {x: X, y: Y} or [X, Y]")
            return None
        x_number, y_number = (expect_number(v, where, self.problems, minimum=float("-inf"))
                              for v in (x, y))
        if x_number is None or y_number is None:
            return None
        return Position(x=x_number, y=y_number)


def _check_node_id(node_id: str) -> str | None:
    """Why ``node_id`` cannot be a node id, or None."""
    problem = name_problem(node_id, "node id")
    if problem is not None:
        return problem
    if "." in node_id:
        return f"node id {node_id!r} must not contain '.' in a workflow file (NODE.OUTPUT " \
               "splits at the first dot)"
    if node_id == COMPOSITE_INPUTS:
        return f"{COMPOSITE_INPUTS!r} is reserved for a composite's inputs"
    return None
