"""Storage options: given as a mapping or JSON, and never shown with their secrets."""

from __future__ import annotations

import json

import pytest
import yaml

from plynx.artifacts.options import mask_secrets, parse_options
from plynx.artifacts.remote import explain
from tests.conftest import Invoke


def test_options_are_a_mapping_or_its_json() -> None:
    assert parse_options(None) == parse_options("  ") == {}
    assert parse_options('{"anon": true}') == parse_options({"anon": True}) == {"anon": True}
    for bad, message in (("[1, 2]", "expected a mapping"), ("{anon}", "not valid JSON"),
                         ({1: "x"}, "expected a mapping")):
        with pytest.raises(ValueError, match=message):
            parse_options(bad)


def test_secrets_are_masked_at_any_depth() -> None:
    options = {"key": "AKIA", "endpoint_url": "http://minio:9000", "token": {"refresh": "r"},
               "client_kwargs": {"aws_secret_access_key": "s", "region_name": "eu"},
               "profiles": [{"password": "p", "user": "u"}], "account_key": "k"}
    assert mask_secrets(options) == {
        "key": "***", "endpoint_url": "http://minio:9000", "token": "***",
        "client_kwargs": {"aws_secret_access_key": "***", "region_name": "eu"},
        "profiles": [{"password": "***", "user": "u"}], "account_key": "***"}


def test_storage_errors_are_explained() -> None:
    class NoCredentialsError(Exception):
        pass

    assert explain(PermissionError("Forbidden")).startswith("access denied (Forbidden): check")
    assert explain(NoCredentialsError("Unable to locate credentials")).startswith(
        "no usable credentials (Unable to locate credentials)")
    assert explain(ConnectionRefusedError(111, "Connection refused")).startswith(
        "cannot reach the storage service")
    assert explain(ValueError()) == "ValueError"


def test_settings_carry_options_and_mask_secrets(invoke: Invoke,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    options = {"endpoint_url": "http://minio:9000", "key": "AKIAPLYNXTEST",
               "secret": "wJalrXUtnFEMI", "profile": "batch",
               "client_kwargs": {"region_name": "eu-west-1", "aws_session_token": "FwoGZX"}}
    monkeypatch.setenv("PLYNX_ARTIFACT_STORE", "s3://bucket/prefix")
    monkeypatch.setenv("PLYNX_ARTIFACT_STORE_OPTIONS", json.dumps(options))
    result = invoke("config")
    assert result.exit_code == 0
    shown = yaml.safe_load(result.output)
    assert shown["artifact_store"] == "s3://bucket/prefix"
    assert shown["artifact_store_options"] == {
        "endpoint_url": "http://minio:9000", "key": "***", "secret": "***", "profile": "batch",
        "client_kwargs": {"region_name": "eu-west-1", "aws_session_token": "***"}}
    for secret in ("AKIAPLYNXTEST", "wJalrXUtnFEMI", "FwoGZX"):
        assert secret not in result.output


def test_malformed_options_are_a_clear_error(invoke: Invoke,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLYNX_ARTIFACT_STORE_OPTIONS", "endpoint_url=http://minio:9000")
    result = invoke("config")
    assert result.exit_code == 2
    assert "artifact_store_options: not valid JSON" in result.output
    assert "Traceback" not in result.output
