"""The operation index: versions, drafts, status changes, stars, archiving and search."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from plynx.auth import SINGLE_USER, Policy, Principal
from plynx.errors import Conflict, InvalidInput, NotFound
from plynx.model import Operation, OperationStatus
from plynx.store import MetadataStore
from plynx.store.operation_index import (
    OperationFilter,
    OperationIndex,
    OperationSort,
    Viewer,
)
from plynx.store.tables import UserRow
from tests.factories import bash, python

EVERYONE = Viewer(user_id="default", author=None)
PUBLISHED = OperationStatus.PUBLISHED


@pytest.fixture
def index(store: MetadataStore) -> OperationIndex:
    return OperationIndex(store.engine)


def names(index: OperationIndex, viewer: Viewer = EVERYONE, **where: Any) -> list[str]:
    """``name:version`` of every match, in result order."""
    found = index.search(OperationFilter(**where), viewer, 0, 500)
    assert found.total == len(found.items)
    return [f"{item.operation.name}:{item.operation.version}" for item in found.items]


def publish(index: OperationIndex, op: Operation) -> Operation:
    return index.change_status(op.model_copy(update={"status": PUBLISHED}),
                               allowed=(OperationStatus.DRAFT,))


def test_a_new_draft_takes_the_next_version_of_its_name(index: OperationIndex) -> None:
    first = index.create(bash("sort", "sort", status=PUBLISHED, version=7))
    second = index.create(bash("sort", "sort -r"))
    other = index.create(bash("uniq", "uniq"))
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.status is OperationStatus.DRAFT and first.created_at is not None
    assert index.get(second.id, "default").operation == second


def test_concurrent_drafts_of_one_name_get_distinct_versions(index: OperationIndex) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        saved = list(pool.map(lambda i: index.create(bash("same", f"echo {i}")), range(12)))
    assert sorted(op.version for op in saved) == list(range(1, 13))


def test_editing_a_draft_keeps_its_author_and_creation_time(index: OperationIndex) -> None:
    draft = index.create(bash("sort", "sort", author="ada"))
    edited = index.update_draft(draft.model_copy(update={"code": "sort -n", "author": "eve"}))
    stored = index.get(draft.id, "default").operation
    assert stored == edited
    assert (stored.code, stored.author, stored.created_at) == ("sort -n", "ada", draft.created_at)


def test_a_renamed_draft_takes_the_next_version_of_its_new_name(index: OperationIndex) -> None:
    index.create(bash("uniq", "uniq"))
    draft = index.create(bash("sort", "sort"))
    renamed = index.update_draft(draft.model_copy(update={"name": "uniq"}))
    assert (renamed.name, renamed.version) == ("uniq", 2)


def test_published_operations_are_neither_edited_nor_deleted(index: OperationIndex) -> None:
    op = publish(index, index.create(bash("sort", "sort")))
    with pytest.raises(Conflict, match="is published and cannot be edited; clone it"):
        index.update_draft(op.model_copy(update={"code": "sort -r"}))
    with pytest.raises(Conflict, match="cannot be deleted"):
        index.delete_draft(op.id)
    assert index.get(op.id, "default").operation.code == "sort"


def test_deleting_a_draft(index: OperationIndex) -> None:
    draft = index.create(bash("sort", "sort"))
    index.delete_draft(draft.id)
    with pytest.raises(NotFound):
        index.get(draft.id, "default")
    with pytest.raises(NotFound):
        index.delete_draft(draft.id)


def test_status_changes_only_from_allowed_statuses(index: OperationIndex) -> None:
    draft = index.create(bash("sort", "sort"))
    deprecated = draft.model_copy(update={"status": OperationStatus.DEPRECATED})
    with pytest.raises(Conflict, match="is draft; only published operations can become"):
        index.change_status(deprecated, allowed=(PUBLISHED,))
    published = publish(index, draft)
    assert index.get(draft.id, "default").operation.status is PUBLISHED
    with pytest.raises(Conflict, match="is published"):
        publish(index, published)


def test_what_is_published_is_what_was_checked(index: OperationIndex) -> None:
    draft = index.create(bash("sort", "sort"))
    index.update_draft(draft.model_copy(update={"code": "rm -rf /"}))
    with pytest.raises(Conflict, match="changed meanwhile"):
        publish(index, draft)
    assert index.get(draft.id, "default").operation.status is OperationStatus.DRAFT


def test_stars_in_single_user_mode_create_the_default_user(index: OperationIndex,
                                                           store: MetadataStore) -> None:
    op = index.create(bash("sort", "sort"))
    index.star(SINGLE_USER, "sort")
    index.star(SINGLE_USER, "sort")  # idempotent
    assert index.get(op.id, "default").starred
    assert not index.get(op.id, "someone-else").starred
    assert index.starred_names("default") == {"sort"}
    with store._reading() as session:
        user = session.scalars(select(UserRow)).one()
    assert (user.id, user.username, user.active, user.password_hash) == (
        "default", "default", True, None)
    assert set(user.policies) == {p.value for p in Policy}
    index.unstar("default", "sort")
    index.unstar("default", "sort")  # idempotent
    assert not index.get(op.id, "default").starred


def test_a_star_of_an_unknown_user_is_a_conflict(index: OperationIndex) -> None:
    ghost = Principal(user_id="ghost", username="ghost", policies=frozenset())
    with pytest.raises(Conflict, match="does not exist"):
        index.star(ghost, "sort")


def test_archived_operations_are_hidden_unless_asked_for(index: OperationIndex) -> None:
    op = index.create(bash("sort", "sort"))
    index.create(bash("uniq", "uniq"))
    index.set_archived(op.id, True)
    assert names(index) == ["uniq:1"]
    assert names(index, include_archived=True) == ["sort:1", "uniq:1"]
    assert index.get(op.id, "default").archived
    index.set_archived(op.id, False)
    assert names(index) == ["sort:1", "uniq:1"]
    with pytest.raises(NotFound):
        index.set_archived("nope", True)


@pytest.fixture
def catalogue(index: OperationIndex) -> OperationIndex:
    """sort v1 (published) and v2 (draft) by ada, split (python, published) by bob,
    count (draft) by bob, each with different types."""
    sort1 = index.create(bash("sort", "sort {{ input.lines }}", author="ada",
                              description="Order lines", inputs={"lines": "text"},
                              outputs={"sorted": "text"}))
    publish(index, sort1)
    index.create(bash("sort", "sort -r", author="ada", title="Sort in reverse",
                      inputs={"lines": "csv"}, outputs={"sorted": "csv"}))
    publish(index, index.create(python("split", "pass", author="bob", title="Split 100%",
                                       inputs={"data": "csv"}, outputs={"parts": "directory"})))
    index.create(bash("count", "wc -l", author="bob", inputs={"lines": "text"},
                      outputs={"n": "int"}))
    return index


def test_search_filters(catalogue: OperationIndex) -> None:
    index = catalogue
    assert names(index) == ["count:1", "sort:2", "sort:1", "split:1"]
    assert names(index, text="ORDER lines") == ["sort:1"]
    assert names(index, text="reverse sort") == ["sort:2"]
    assert names(index, text="python") == ["split:1"]  # the kind is searched too
    assert names(index, text="100%") == ["split:1"]
    assert names(index, text="1_0") == []  # LIKE wildcards are escaped
    assert names(index, author="bob") == ["count:1", "split:1"]
    assert names(index, kind="bash_jinja2") == ["count:1", "sort:2", "sort:1"]
    assert names(index, statuses=[PUBLISHED]) == ["sort:1", "split:1"]
    assert names(index, statuses=[PUBLISHED, OperationStatus.DRAFT]) == names(index)
    assert names(index, input_type="csv") == ["sort:2", "split:1"]
    assert names(index, input_type="cs") == []  # types match exactly
    assert names(index, output_type="int") == ["count:1"]
    assert names(index, name="sort") == ["sort:2", "sort:1"]
    assert names(index, latest_only=True) == ["count:1", "sort:2", "split:1"]
    assert names(index, latest_only=True, statuses=[PUBLISHED]) == ["sort:1", "split:1"]
    assert names(index, author="ada", input_type="text", latest_only=True) == ["sort:1"]


def test_search_by_star(catalogue: OperationIndex) -> None:
    catalogue.star(SINGLE_USER, "sort")
    assert names(catalogue, starred=True) == ["sort:2", "sort:1"]
    assert names(catalogue, starred=False) == ["count:1", "split:1"]
    found = catalogue.search(OperationFilter(), EVERYONE, 0, 10).items
    assert [item.starred for item in found] == [False, True, True, False]
    other = Viewer(user_id="someone", author=None)
    assert names(catalogue, other, starred=True) == []


def test_search_orders(catalogue: OperationIndex) -> None:
    recent = names(catalogue, sort=OperationSort.RECENT)
    assert recent == ["count:1", "split:1", "sort:2", "sort:1"]
    assert names(catalogue, sort=OperationSort.KIND) == ["count:1", "sort:2", "sort:1",
                                                         "split:1"]


def test_search_pages_count_every_match(catalogue: OperationIndex) -> None:
    first = catalogue.search(OperationFilter(), EVERYONE, 0, 3)
    rest = catalogue.search(OperationFilter(), EVERYONE, 3, 3)
    assert (first.total, rest.total) == (4, 4)
    assert [i.operation.name for i in first.items + rest.items] == ["count", "sort", "sort",
                                                                     "split"]
    latest = catalogue.search(OperationFilter(latest_only=True), EVERYONE, 1, 1)
    assert latest.total == 3 and [i.operation.name for i in latest.items] == ["sort"]


def test_a_viewer_without_view_others_sees_only_their_own(catalogue: OperationIndex) -> None:
    bob = Principal(user_id="u-bob", username="bob", policies=frozenset())
    assert Viewer.of(bob) == Viewer(user_id="u-bob", author="bob")
    assert names(catalogue, Viewer.of(bob)) == ["count:1", "split:1"]
    assert names(catalogue, Viewer.of(bob), author="ada") == []
    reader = Principal(user_id="u-r", username="r",
                       policies=frozenset({Policy.VIEW_OTHERS_OPERATIONS}))
    assert len(names(catalogue, Viewer.of(reader))) == 4


def test_nul_characters_are_refused_not_sent_to_the_database(index: OperationIndex) -> None:
    with pytest.raises(InvalidInput, match="name: NUL"):
        index.search(OperationFilter(name="a\x00b"), EVERYONE)
    with pytest.raises(NotFound):
        index.get("a\x00b", "default")
