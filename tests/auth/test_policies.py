from __future__ import annotations

from typing import Any, cast

import pytest

from plynx.auth.errors import Forbidden
from plynx.auth.policies import (
    ALL_POLICIES,
    DEFAULT_POLICIES,
    SINGLE_USER,
    Policy,
    Principal,
    parse_policies,
)
from plynx.errors import InvalidInput


def principal(*policies: Policy, username: str = "alice") -> Principal:
    return Principal(user_id="u-" + username, username=username, policies=frozenset(policies))


def test_every_policy_has_a_description() -> None:
    for policy in Policy:
        assert policy.description and "\n" not in policy.description


def test_default_policies() -> None:
    assert frozenset(Policy) == ALL_POLICIES
    assert ALL_POLICIES - {Policy.MODIFY_OTHERS_WORKFLOWS, Policy.ADMIN} == DEFAULT_POLICIES


def test_parse_policies() -> None:
    expected = {Policy.ADMIN, Policy.RUN_WORKFLOWS}
    assert parse_policies(["admin", "run_workflows", "admin"]) == expected
    assert parse_policies([]) == frozenset()
    assert parse_policies(p.value for p in Policy) == ALL_POLICIES


def test_parse_policies_names_every_unknown_one() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_policies(["admin", "fly", "ADMIN", "run_workflows"])
    assert info.value.status_code == 400
    unknown, known = str(info.value).split("; known policies are: ")
    assert unknown == "unknown policies 'ADMIN', 'fly'"
    assert known.split(", ") == [p.value for p in Policy]


def test_parse_policies_single_unknown() -> None:
    with pytest.raises(InvalidInput, match="^unknown policy 'fly';"):
        parse_policies(["fly"])


def test_has_and_require() -> None:
    user = principal(Policy.CREATE_WORKFLOWS)
    assert user.has(Policy.CREATE_WORKFLOWS)
    assert not user.has(Policy.CREATE_OPERATIONS)
    assert not user.is_admin
    user.require(Policy.CREATE_WORKFLOWS)
    with pytest.raises(Forbidden, match="you lack the permission 'create_operations'") as info:
        user.require(Policy.CREATE_OPERATIONS)
    assert info.value.status_code == 403


def test_admin_implies_every_policy() -> None:
    admin = principal(Policy.ADMIN)
    assert admin.is_admin
    for policy in Policy:
        assert admin.has(policy)
        admin.require(policy)
    assert admin.can_view("bob", "operation") and admin.can_view("bob", "workflow")
    assert admin.can_modify_workflow("bob")


def test_can_view_own_objects_always() -> None:
    nobody = principal()
    assert nobody.can_view("alice", "operation")
    assert nobody.can_view("alice", "workflow")
    assert not nobody.can_view("bob", "operation")
    assert not nobody.can_view("bob", "workflow")


def test_can_view_others_per_kind() -> None:
    ops = principal(Policy.VIEW_OTHERS_OPERATIONS)
    assert ops.can_view("bob", "operation")
    assert not ops.can_view("bob", "workflow")
    flows = principal(Policy.VIEW_OTHERS_WORKFLOWS)
    assert flows.can_view("bob", "workflow")
    assert not flows.can_view("bob", "operation")


def test_can_view_compares_usernames_not_ids() -> None:
    user = Principal(user_id="alice", username="al", policies=frozenset())
    assert not user.can_view("alice", "workflow")
    assert user.can_view("al", "workflow")


def test_can_view_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        principal().can_view("alice", cast(Any, "run"))


def test_can_modify_workflow() -> None:
    creator = principal(Policy.CREATE_WORKFLOWS)
    assert creator.can_modify_workflow("alice")
    assert not creator.can_modify_workflow("bob")
    assert not principal().can_modify_workflow("alice")
    editor = principal(Policy.MODIFY_OTHERS_WORKFLOWS)
    assert editor.can_modify_workflow("bob")
    assert not principal(*DEFAULT_POLICIES).can_modify_workflow("bob")


def test_principal_normalises_policies() -> None:
    user = Principal(user_id="u", username="u", policies=cast(Any, {"admin"}))
    assert isinstance(user.policies, frozenset)
    assert all(type(p) is Policy for p in user.policies)
    assert user.is_admin


def test_single_user_can_do_everything() -> None:
    assert SINGLE_USER.username == "default"
    assert SINGLE_USER.is_admin
    assert all(SINGLE_USER.has(p) for p in Policy)


def test_run_rules_see_with_view_others_workflows_and_control_with_modify_others() -> None:
    reader = Principal("r", "reader", frozenset({Policy.VIEW_OTHERS_WORKFLOWS}))
    editor = Principal("e", "editor", frozenset({Policy.MODIFY_OTHERS_WORKFLOWS}))
    admin = Principal("a", "admin", frozenset({Policy.ADMIN}))
    loner = Principal("l", "loner", frozenset())

    assert reader.can_view("x", "workflow") and not reader.can_control_run("x")
    assert editor.can_control_run("x") and not editor.can_view("x", "workflow")
    assert admin.can_view("x", "workflow") and admin.can_control_run("x")
    assert loner.can_view("loner", "workflow") and loner.can_control_run("loner")
    assert not loner.can_view("x", "workflow") and not loner.can_control_run("x")


def test_searches_are_limited_to_the_user_without_view_others() -> None:
    loner = Principal("l", "loner", frozenset({Policy.VIEW_OTHERS_OPERATIONS}))
    assert loner.only_author("workflow") == "loner"
    assert loner.only_author("operation") is None
