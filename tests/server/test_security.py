"""Who a request acts as: login tokens, API tokens, and the single-user default."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from plynx.auth import SINGLE_USER, InvalidToken, Policy, TokenSigner, Unauthorized
from plynx.errors import ConfigError
from plynx.server import Services, create_app
from plynx.server.security import authenticate, token_signer
from tests.server.conftest import local_client
from tests.server.multi_user import (  # noqa: F401
    bearer,
    create_user,
    multi_fixture,
    multi_services_fixture,
)


def test_the_signer_is_built_once_per_secret_and_lifetimes(multi_services: Services) -> None:
    settings = multi_services.settings
    signer = token_signer(settings)
    assert token_signer(settings.model_copy()) is signer
    assert token_signer(settings.model_copy(update={"access_token_minutes": 1})) is not signer
    other = token_signer(settings.model_copy(update={"secret": "z" * 32}))
    assert other is not signer
    assert signer.access_ttl.total_seconds() == settings.access_token_minutes * 60


def test_access_tokens_of_the_current_generation_authenticate(
        multi_services: Services) -> None:
    user = create_user(multi_services, "alice", {Policy.RUN_WORKFLOWS})
    pair = token_signer(multi_services.settings).issue(user.id, 0)

    principal = authenticate(multi_services, pair.access_token)
    assert (principal.user_id, principal.username) == (user.id, "alice")
    assert principal.policies == {Policy.RUN_WORKFLOWS}

    with pytest.raises(InvalidToken, match="not an access token"):
        authenticate(multi_services, pair.refresh_token)
    with pytest.raises(InvalidToken, match="invalid token"):
        authenticate(multi_services, TokenSigner("x" * 32).issue(user.id, 0).access_token)
    with pytest.raises(InvalidToken, match="invalid token"):
        authenticate(multi_services, "not-a-jwt")

    multi_services.accounts.set_policies(user.id, [Policy.ADMIN])
    assert authenticate(multi_services, pair.access_token).is_admin

    multi_services.accounts.bump_generation(user.id)
    with pytest.raises(InvalidToken, match="log in again"):
        authenticate(multi_services, pair.access_token)
    fresh = token_signer(multi_services.settings).issue(user.id, 1).access_token
    assert authenticate(multi_services, fresh).username == "alice"


def test_tokens_of_unknown_or_deactivated_users_are_refused(
        multi_services: Services) -> None:
    signer = token_signer(multi_services.settings)
    with pytest.raises(InvalidToken, match="log in again"):
        authenticate(multi_services, signer.issue("no-such-user", 0).access_token)

    user = create_user(multi_services, "bob")
    api_token = multi_services.accounts.create_api_token(user.id, "script").token
    assert authenticate(multi_services, api_token).username == "bob"
    multi_services.accounts.set_active(user.id, False)
    with pytest.raises(Unauthorized, match="deactivated"):
        authenticate(multi_services, api_token)
    with pytest.raises(Unauthorized, match="deactivated"):
        authenticate(multi_services, signer.issue(user.id, 1).access_token)


def test_unknown_api_tokens_are_refused(multi_services: Services) -> None:
    with pytest.raises(InvalidToken, match="API token"):
        authenticate(multi_services, "plx_no-such-token")


def test_multi_user_mode_wants_a_token_from_anywhere(multi_services: Services) -> None:
    user = create_user(multi_services, "carol")
    token = multi_services.accounts.create_api_token(user.id, "remote").token
    with local_client(create_app(multi_services), client=("192.0.2.7", 40000)) as remote:
        refused = remote.get("/api/v1/meta")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "log in first" in refused.json()["error"]["message"]
        assert remote.get("/api/v1/meta", headers=bearer("garbage")).status_code == 401
        assert remote.get("/api/v1/meta", headers=bearer(token)).status_code == 200


def test_single_user_mode_acts_as_the_default_user(api: TestClient) -> None:
    me = api.get("/api/v1/auth/me").json()
    assert me["username"] == SINGLE_USER.username and me["is_admin"]
    assert me["multi_user"] is False
    # A token is ignored: there are no accounts to check it against.
    assert api.get("/api/v1/auth/me", headers=bearer("whatever")).json()["id"] == "default"


def test_a_short_secret_is_a_configuration_error(multi_services: Services) -> None:
    short = multi_services.settings.model_copy(update={"secret": "too short"})
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        token_signer(short)
