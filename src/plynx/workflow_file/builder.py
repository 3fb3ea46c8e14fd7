"""Resolving the specs of a workflow file and its imports into a Workflow model.

Names are resolved here: the operation a node uses, the node an input comes from (and the
output, when only the node is named), and the parameter a ``${NAME}`` refers to. Graph
semantics (cycles, types, counts, parameter values) are left to :mod:`plynx.graph`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from pydantic import ValidationError

from plynx.model import (
    COMPOSITE_INPUTS,
    Edge,
    Graph,
    Input,
    Node,
    Operation,
    Output,
    OutputRef,
    Parameter,
    new_id,
)
from plynx.model.names import make_name
from plynx.workflow_file.fields import SlotSpec
from plynx.workflow_file.problems import Problems, Where
from plynx.workflow_file.specs import FileSpec, NodeSpec, OperationSpec, SourceRef

#: Name of the only output of a ``file`` operation.
FILE_OUTPUT = "out"


@dataclass
class Built:
    """The result of building: the graph, every operation by id, files still to upload."""

    graph: Graph
    operations: dict[str, Operation]
    files: dict[str, FileSpec] = field(default_factory=dict)


class Builder:
    """Builds graphs and operations from specs, reporting every unresolved name."""

    def __init__(self, library: dict[str, OperationSpec], problems: Problems) -> None:
        self.library = library
        self.problems = problems
        self.ids: dict[str, str] = {}
        self.operations: dict[str, Operation] = {}
        self.files: dict[str, FileSpec] = {}

    def build(self, nodes: list[NodeSpec], parameters: list[Parameter]) -> Built:
        """The top-level graph and the operations it uses, composites' inner ones included."""
        for name, spec in self.library.items():
            self._operation(spec, self._id_of(name))
        graph, _ = self._graph(nodes, parameters, composite=None)
        used = self._used(graph)
        return Built(
            graph=graph,
            operations={op_id: self.operations[op_id] for op_id in used},
            files={op_id: spec for op_id, spec in self.files.items() if op_id in used},
        )

    def build_library(self) -> Built:
        """Every operation of the library, for catalogues of operations (hubs)."""
        for name, spec in self.library.items():
            self._operation(spec, self._id_of(name))
        return Built(graph=Graph(), operations=dict(self.operations), files=dict(self.files))

    def _id_of(self, name: str) -> str:
        return self.ids.setdefault(name, new_id())

    def _used(self, graph: Graph) -> list[str]:
        """Ids of the operations ``graph`` uses, directly or inside composites, in order."""
        seen: dict[str, None] = {}
        stack = [node.operation for node in reversed(graph.nodes)]
        while stack:
            op_id = stack.pop()
            if op_id in seen or op_id not in self.operations:
                continue
            seen[op_id] = None
            inner = self.operations[op_id].graph
            if inner is not None:
                stack.extend(node.operation for node in reversed(inner.nodes))
        return list(seen)

    # operations -----------------------------------------------------------------------

    def _operation(self, spec: OperationSpec, op_id: str) -> None:
        graph = None
        output_types: dict[str, str | None] = {}
        if spec.is_composite:
            graph, output_types = self._graph(spec.nodes, spec.parameters, composite=spec)
        try:
            if spec.kind == "file":
                outputs = [Output(name=FILE_OUTPUT, type=spec.file.type if spec.file else "file")]
            else:
                outputs = [Output(name=s.name, type=s.type or output_types.get(s.name) or "file")
                           for s in spec.outputs]
            operation = Operation(
                id=op_id, name=spec.name, kind=spec.kind, title=spec.title,
                description=spec.description, inputs=[_input(s) for s in spec.inputs],
                outputs=outputs, parameters=spec.parameters, code=spec.code, graph=graph,
                cache=spec.cache, retries=spec.retries, timeout_seconds=spec.timeout_seconds,
                env=spec.env,
            )
        except ValidationError as exc:
            for error in exc.errors():
                location = ".".join(str(part) for part in error["loc"])
                self.problems.add(spec.where, f"{location}: {error['msg']}")
            return
        self.operations[op_id] = operation
        if spec.file is not None:
            self.files[op_id] = spec.file

    def _file_operation(self, node: NodeSpec, file: FileSpec) -> str:
        op_id = new_id()
        self.operations[op_id] = Operation(
            id=op_id, name=make_name(file.path.name or file.written), title=file.written,
            kind="file",
            outputs=[Output(name=FILE_OUTPUT, type=file.type)],
        )
        self.files[op_id] = file
        return op_id

    # graphs ---------------------------------------------------------------------------

    def _graph(self, nodes: list[NodeSpec], scope: list[Parameter],
               composite: OperationSpec | None) -> tuple[Graph, dict[str, str | None]]:
        """The graph of ``nodes``; ``composite`` is the operation owning them, if any.

        Also returns the types of the composite's outputs as its inner nodes give them.
        """
        by_id = {node.id: node for node in nodes}
        graph = Graph()
        for node in nodes:
            op_id = self._node_operation(node)
            refs = {}
            for name, (ref, at) in node.param_refs.items():
                if ref in {p.name for p in scope}:
                    refs[name] = ref
                else:
                    owner = "the composite" if composite else "the workflow"
                    known = ", ".join(p.name for p in scope) or "none"
                    self.problems.add(at, f"${{{ref}}}: {owner} has no parameter {ref!r} "
                                          f"(known: {known})")
            graph.nodes.append(Node(id=node.id, operation=op_id or "", title=node.title,
                                    params=node.params, param_refs=refs,
                                    position=node.position))
            for input_name, sources in node.inputs:
                for source in sources:
                    resolved = self._source(source, by_id, composite)
                    if resolved is not None:
                        graph.edges.append(Edge(source=resolved[0], output=resolved[1],
                                                target=node.id, input=input_name))
        output_types: dict[str, str | None] = {}
        for slot in composite.outputs if composite else []:
            output_ref = self._output_ref(slot, by_id)
            if output_ref is not None:
                graph.outputs[slot.name] = output_ref
                output_types[slot.name] = self._output_type(by_id[output_ref.node],
                                                            output_ref.output)
        return graph, output_types

    def _node_operation(self, node: NodeSpec) -> str | None:
        if node.file is not None:
            return self._file_operation(node, node.file)
        if node.inline is not None:
            op_id = new_id()
            self._operation(node.inline, op_id)
            return op_id if op_id in self.operations else None
        if node.operation is None:
            return None
        if node.operation not in self.library:
            close = difflib.get_close_matches(node.operation, list(self.library), n=1)
            hint = f"did you mean {close[0]!r}?" if close else \
                f"known: {', '.join(self.library) or 'none'}"
            self.problems.add(node.where.key("operation"),
                              f"unknown operation {node.operation!r} ({hint})")
            return None
        return self._id_of(node.operation)

    def _source(self, ref: SourceRef, nodes: dict[str, NodeSpec],
                composite: OperationSpec | None) -> tuple[str, str] | None:
        if ref.node == COMPOSITE_INPUTS:
            if composite is None:
                self.problems.add(ref.where, f"{COMPOSITE_INPUTS}.NAME refers to a composite's "
                                             "inputs; it is not allowed outside a composite")
                return None
            if ref.output is None:
                self.problems.add(ref.where, f"name the input: {COMPOSITE_INPUTS}.NAME")
                return None
            if not any(slot.name == ref.output for slot in composite.inputs):
                known = ", ".join(slot.name for slot in composite.inputs) or "none"
                self.problems.add(ref.where, f"the composite has no input {ref.output!r} "
                                             f"(known: {known})")
                return None
            return COMPOSITE_INPUTS, ref.output
        source = nodes.get(ref.node)
        if source is None:
            self._unknown_node(ref.node, ref.where, nodes)
            return None
        if ref.output is not None:
            return ref.node, ref.output
        outputs = self._output_names(source)
        if outputs is None:
            return None
        if len(outputs) != 1:
            listed = ", ".join(f"{ref.node}.{name}" for name in outputs) or "none"
            self.problems.add(ref.where, f"node {ref.node!r} has {len(outputs)} outputs; name "
                                         f"one of them ({listed})")
            return None
        return ref.node, outputs[0]

    def _unknown_node(self, node_id: str, where: Where, nodes: dict[str, NodeSpec]) -> None:
        close = difflib.get_close_matches(node_id, list(nodes), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(nodes) or 'none'}"
        self.problems.add(where, f"no node {node_id!r} ({hint})")

    def _spec_of(self, node: NodeSpec) -> OperationSpec | None:
        if node.inline is not None:
            return node.inline
        return self.library.get(node.operation or "")

    def _output_names(self, node: NodeSpec) -> list[str] | None:
        """Names of the outputs of ``node``'s operation; None when it is unknown."""
        if node.file is not None:
            return [FILE_OUTPUT]
        spec = self._spec_of(node)
        if spec is None:
            return None
        if spec.kind == "file":
            return [FILE_OUTPUT]
        return [slot.name for slot in spec.outputs]

    def _output_type(self, node: NodeSpec, output: str) -> str | None:
        if node.file is not None:
            return node.file.type
        spec = self._spec_of(node)
        if spec is None:
            return None
        if spec.kind == "file":
            return spec.file.type if spec.file else None
        return next((s.type for s in spec.outputs if s.name == output), None)

    def _output_ref(self, slot: SlotSpec, nodes: dict[str, NodeSpec]) -> OutputRef | None:
        if slot.source is None:
            return None
        node_id, dot, output = slot.source.strip().partition(".")
        at = slot.where.key("from")
        if not dot or not node_id or not output:
            self.problems.add(at, f"expected NODE.OUTPUT, got {slot.source!r}")
            return None
        if node_id not in nodes:
            self._unknown_node(node_id, at, nodes)
            return None
        return OutputRef(node=node_id, output=output)


def _input(slot: SlotSpec) -> Input:
    return Input(name=slot.name, type=slot.type or "file", min_count=slot.min_count,
                 max_count=slot.max_count)
