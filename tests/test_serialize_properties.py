"""Properties: arbitrary valid models round-trip through JSON with their digits and units intact."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings

from perfmodel import Evaluation, Policy, Project, ReadResult, Unit
from perfmodel.serialize import from_dict, from_json, load_schema, to_dict, to_json
from strategies import assert_identical as identical
from strategies import documents, evaluations, policies, read_results

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOCUMENT = jsonschema.Draft202012Validator(load_schema("document"))


@SETTINGS
@given(documents())
def test_any_document_round_trips(doc: Unit | Project) -> None:
    text = to_json(doc)
    back = from_json(text)
    assert back == doc
    identical(back, doc)
    assert to_json(back) == text
    DOCUMENT.validate(to_dict(doc))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(read_results())
def test_any_read_result_round_trips(result: ReadResult) -> None:
    back = from_json(to_json(result, indent=2), ReadResult)
    identical(back, result)


@settings(max_examples=80, deadline=None)
@given(policies())
def test_any_policy_round_trips(policy: Policy) -> None:
    data = to_dict(policy)
    identical(from_dict(data), policy)
    jsonschema.Draft202012Validator(load_schema("policy")).validate(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evaluations())
def test_evaluations_round_trip(evaluation: Evaluation) -> None:
    back = from_json(to_json(evaluation))
    identical(back, evaluation)
    jsonschema.Draft202012Validator(load_schema("evaluation")).validate(to_dict(evaluation))
