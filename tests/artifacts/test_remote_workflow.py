"""A whole workflow run with its artifact store on an object store: a real S3-protocol
server, and a Google Cloud Storage emulator."""

from __future__ import annotations

import pytest

from plynx.artifacts import ArtifactStore
from plynx.config import Settings
from plynx.engine import Engine
from plynx.model import Status
from tests.artifacts.conftest import LARGE_BODY
from tests.factories import bash, workflow

WRITE = bash("write", "printf 'hello\\n' > {{ output.out }}", outputs={"out": "text"})
UPPER = bash("upper", "tr a-z A-Z < {{ input.x }} > {{ output.out }}",
             inputs={"x": "text"}, outputs={"out": "text"})
FOLDER = bash("folder", "mkdir {{ output.out }}/sub && echo inside > {{ output.out }}/sub/a.txt",
              outputs={"out": "directory"})
READ = bash("read", "cat {{ input.d }}/sub/a.txt > {{ output.out }}",
            inputs={"d": "directory"}, outputs={"out": "text"})
FLOW = workflow({"w": WRITE, "u": UPPER, "f": FOLDER, "r": READ}, ["w.out -> u.x", "f.out -> r.d"])


@pytest.fixture(params=["s3", pytest.param("gcs", marks=pytest.mark.filterwarnings(LARGE_BODY))])
def remote_store(request: pytest.FixtureRequest) -> ArtifactStore:
    """An empty store in a new bucket; its URL and options are what the engine is given."""
    store: ArtifactStore = request.getfixturevalue(f"{request.param}_store")
    return store


def test_workflow_stores_and_reads_its_artifacts_remotely(remote_store: ArtifactStore,
                                                          settings: Settings) -> None:
    remote = settings.model_copy(update={
        "artifact_store": remote_store.url,
        "artifact_store_options": remote_store.options})
    with Engine(remote) as engine:
        run = engine.run(FLOW)
        assert run.status is Status.SUCCEEDED
        states = engine.node_states(run.id)
        outputs = {node: state.outputs["out"] for node, state in states.items()}
        for node, expected in (("u", b"HELLO\n"), ("r", b"inside\n")):
            with engine.artifacts.open(outputs[node].digest) as stored:
                assert stored.read() == expected
        assert outputs["f"].directory
        assert sorted(remote_store.digests()) == sorted({a.digest for a in outputs.values()})

        again = engine.run(FLOW)
        assert {s.status for s in engine.node_states(again.id).values()} == {Status.CACHED}
