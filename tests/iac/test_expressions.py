"""The ARM expression evaluator: functions real templates use, and unresolvable values."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.iac.arm_expressions import Context, ExpressionError, Scope, Unresolved


def ev(expr: Any, params: dict[str, Any] | None = None, variables: dict[str, Any] | None = None) -> Any:
    return Context(params or {}, variables or {}, Scope(subscription_id="sub", resource_group="rg")).evaluate(expr)


def test_parameters_variables_concat_format() -> None:
    assert ev("[concat(parameters('a'), '-', variables('v'))]", {"a": "x"}, {"v": "[toLower('Y')]"}) == "x-y"
    assert ev("[format('{0}-{1:D3}', 'ci', 7)]") == "ci-007"
    assert ev("[concat(createArray(1), createArray(2))]") == [1, 2]
    assert ev("[[literal]") == "[literal]"


def test_resource_ids() -> None:
    assert ev("[resourceId('Microsoft.Storage/storageAccounts', 'st1')]") == "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1"
    assert ev("[resourceId('other-rg', 'Microsoft.MachineLearningServices/workspaces/computes', 'ws', 'ci')]").endswith("/resourceGroups/other-rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/ci")
    assert ev("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]") == "/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/r1"
    assert ev("[extensionResourceId('/x/y', 'Microsoft.Authorization/locks', 'l')]") == "/x/y/providers/Microsoft.Authorization/locks/l"
    with pytest.raises(ExpressionError):
        ev("[resourceId('Microsoft.Storage/storageAccounts')]")


def test_logic_and_collections() -> None:
    assert ev("[if(equals(parameters('e'), 'prod'), 'Disabled', 'Enabled')]", {"e": "prod"}) == "Disabled"
    assert ev("[if(equals(parameters('e'), 'prod'), 'Disabled', 'Enabled')]", {"e": "dev"}) == "Enabled"
    assert ev("[union(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2)))]") == {"a": {"x": 1, "y": 2}}
    assert ev("[union(createArray('a', 'b'), createArray('b', 'c'))]") == ["a", "b", "c"]
    assert ev("[contains(parameters('o'), 'KEY')]", {"o": {"key": 1}}) is True
    assert ev("[contains('abc', 'd')]") is False
    assert ev("[empty(parameters('l'))]", {"l": []}) is True
    assert ev("[parameters('o').key]", {"o": {"key": 1}}) == 1
    assert ev("[parameters('l')[1]]", {"l": [5, 6]}) == 6


def test_unique_string_and_guid_are_deterministic() -> None:
    a = ev("[uniqueString(resourceGroup().id)]")
    assert a == ev("[uniqueString(resourceGroup().id)]") and len(a) == 13 and a.isalnum() and a.islower()
    assert a != ev("[uniqueString(resourceGroup().id, 'x')]")
    g = ev("[guid('a', 'b')]")
    assert len(g) == 36 and g == ev("[guid('a', 'b')]") and g != ev("[guid('a', 'c')]")


def test_copy_loops_in_variables_and_properties() -> None:
    variables = {"copy": [{"name": "names", "count": 3, "input": "[format('n{0}', copyIndex('names'))]"}]}
    assert ev("[variables('names')]", variables=variables) == ["n0", "n1", "n2"]
    props = {"copy": [{"name": "rules", "count": 2, "input": {"value": "[copyIndex('rules', 1)]"}}]}
    assert ev(props) == {"rules": [{"value": 1}, {"value": 2}]}


def test_unresolvable_values_are_never_guessed() -> None:
    assert isinstance(ev("[reference('kv').vaultUri]"), Unresolved)
    assert isinstance(ev("[toLower(concat('x', reference('r').y))]"), Unresolved)
    assert isinstance(ev("[listKeys('st', '2023-01-01').keys[0].value]"), Unresolved)
    assert isinstance(ev("[utcNow()]"), Unresolved)
    assert isinstance(ev("[resourceGroup().location]"), Unresolved)
    # if() only needs the branch it takes
    assert ev("[if(true(), 'Disabled', reference('x').y)]") == "Disabled"
    assert isinstance(ev("[if(equals(reference('x').y, 1), 'a', 'b')]"), Unresolved)
    # unresolved inside an object stays local to its property
    value = ev({"publicNetworkAccess": "Disabled", "keyId": "[reference('k').key]"})
    assert value["publicNetworkAccess"] == "Disabled" and isinstance(value["keyId"], Unresolved)


def test_errors_are_usage_errors() -> None:
    with pytest.raises(ExpressionError, match="no such parameter"):
        ev("[parameters('missing')]")
    with pytest.raises(ExpressionError, match="unsupported template function"):
        ev("[frobnicate(1)]")
    with pytest.raises(ExpressionError):
        ev("[concat('a']")
    with pytest.raises(ExpressionError, match="outside"):
        ev("[copyIndex()]")
