"""The ARM template language as Azure evaluates it: declaration order, cycles, comments and
trailing commas, symbolic names, `existing`, copy loops, user-defined functions, nested
deployments whose outputs flow into the parent, and keywords in any casing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.errors import UsageError
from scanner.iac.arm_expressions import Unresolved
from scanner.iac.arm_template import template_resources, template_snapshot
from tests.iac.helpers import scan

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
WS_TYPE = "Microsoft.MachineLearningServices/workspaces"


def ws(name: Any = "mlw", **props: Any) -> dict[str, Any]:
    return {"type": WS_TYPE, "apiVersion": "2025-12-01", "name": name, "location": "westeurope", "properties": props}


def write(tmp_path: Path, template: dict[str, Any], name: str = "main.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", **template}, indent=2))
    return path


def props_of(tmp_path: Path, template: dict[str, Any]) -> dict[str, Any]:
    (workspace,) = [r for r in template_resources(write(tmp_path, template)) if r.type == WS_TYPE.lower()]
    return workspace.resource["properties"]


def test_parameters_and_variables_in_any_declaration_order(tmp_path: Path) -> None:
    template = {
        "parameters": {
            "mode": {"type": "string", "defaultValue": "[if(equals(parameters('privateEndpointType'), 'none'), 'Enabled', 'Disabled')]"},
            "privateEndpointType": {"type": "string", "defaultValue": "AutoApproval"},
        },
        "variables": {"first": "[variables('second')]", "second": "[parameters('mode')]"},
        "resources": [ws(publicNetworkAccess="[variables('first')]")],
    }
    assert props_of(tmp_path, template)["publicNetworkAccess"] == "Disabled"


@pytest.mark.parametrize("section, expected", [
    ({"parameters": {"a": {"type": "string", "defaultValue": "[parameters('b')]"}, "b": {"type": "string", "defaultValue": "[parameters('a')]"}},
      "resources": [ws(publicNetworkAccess="[parameters('a')]")]},
     "circular reference: parameters('a') -> parameters('b') -> parameters('a')"),
    ({"variables": {"x": "[concat(variables('y'), '1')]", "y": "[variables('z')]", "z": "[variables('x')]"},
      "resources": [ws(publicNetworkAccess="[variables('x')]")]},
     "circular reference: variables('x') -> variables('y') -> variables('z') -> variables('x')"),
])
def test_circular_references_are_refused_naming_the_cycle(tmp_path: Path, section: dict[str, Any], expected: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = scan(tmp_path, "--template", str(write(tmp_path, section)))
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and "main.json" in err and "\n" not in err


def test_comments_and_trailing_commas_in_template_and_parameters(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text("""{
  // a template as people write them
  "$schema": "%s",
  "contentVersion": "1.0.0.0",
  "parameters": { "pna": { "type": "string", }, },
  /* the workspace,
     with a trailing comma or two */
  "resources": [
    { "type": "%s", "apiVersion": "2025-12-01", "name": "mlw", "location": "westeurope",
      "properties": { "publicNetworkAccess": "[parameters('pna')]", }, },
  ],
}""" % (SCHEMA, WS_TYPE))
    (tmp_path / "t.parameters.json").write_text('{"parameters": {"pna": {"value": "Disabled"}, }, // done\n}')
    snap = template_snapshot(tmp_path / "t.json", tmp_path / "t.parameters.json")
    resource = snap["workspaces"][0]["workspace"]["resource"]
    assert resource["properties"]["publicNetworkAccess"] == "Disabled"
    line = snap["workspaces"][0]["source_locations"][resource["id"].lower()]["properties"]["properties.publicNetworkAccess"]
    assert '"publicNetworkAccess"' in (tmp_path / "t.json").read_text().splitlines()[line - 1]


def test_keywords_in_any_casing(tmp_path: Path) -> None:
    template = {"Parameters": {"PNA": {"Type": "string", "DefaultValue": "Disabled"}},
                "Resources": [{"Type": WS_TYPE, "ApiVersion": "2025-12-01", "Name": "mlw", "Location": "westeurope",
                               "Properties": {"PublicNetworkAccess": "[parameters('pna')]"}}]}
    snap = template_snapshot(write(tmp_path, template))
    assert snap["workspaces"][0]["workspace"]["resource"]["properties"] == {"publicNetworkAccess": "Disabled"}


def test_symbolic_names_and_resource_property_and_variable_copy_loops(tmp_path: Path) -> None:
    compute = {"type": "Microsoft.MachineLearningServices/workspaces/computes", "apiVersion": "2025-12-01",
               "name": "[format('mlw/ci-{0}', copyIndex())]", "copy": {"name": "instances", "count": "[length(variables('owners'))]"},
               "properties": {"computeType": "ComputeInstance", "properties": {
                   "sshSettings": {"sshPublicAccess": "[if(equals(copyIndex(), 1), 'Enabled', 'Disabled')]"},
                   "copy": [{"name": "schedules", "count": 2, "input": {"index": "[copyIndex('schedules')]"}}]}}}
    template = {"languageVersion": "2.0", "variables": {"copy": [{"name": "owners", "count": 3, "input": "[format('u{0}', copyIndex('owners'))]"}]},
                "resources": {"ws": ws(publicNetworkAccess="Disabled"), "ci": compute}}
    entry = template_snapshot(write(tmp_path, template))["workspaces"][0]
    items = entry["computes"]["items"]
    assert [c["name"] for c in items] == ["ci-0", "ci-1", "ci-2"]
    assert [c["properties"]["properties"]["sshSettings"]["sshPublicAccess"] for c in items] == ["Disabled", "Enabled", "Disabled"]
    assert items[0]["properties"]["properties"]["schedules"] == [{"index": 0}, {"index": 1}]


def test_user_defined_functions_are_evaluated(tmp_path: Path) -> None:
    functions = [{"namespace": "net", "members": {"access": {
        "parameters": [{"name": "env", "type": "string"}],
        "output": {"type": "string", "value": "[if(equals(parameters('env'), 'prod'), 'Disabled', 'Enabled')]"}}}}]
    template = {"functions": functions, "parameters": {"env": {"type": "string", "defaultValue": "prod"}},
                "resources": [ws(publicNetworkAccess="[net.access(parameters('env'))]", hbiWorkspace="[equals(net.access('dev'), 'Enabled')]")]}
    props = props_of(tmp_path, template)
    assert props["publicNetworkAccess"] == "Disabled" and props["hbiWorkspace"] is True
    template["resources"] = [ws(publicNetworkAccess="[net.access('a', 'b')]")]
    with pytest.raises(UsageError, match=r"net\.access\(\) takes 1 argument"):
        props_of(tmp_path, template)
    template["resources"] = [ws(publicNetworkAccess="[net.missing()]")]
    with pytest.raises(UsageError, match="no such user-defined function"):
        props_of(tmp_path, template)


def _module(scope: str, outputs: dict[str, Any], resources: list[Any] | None = None, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    inner = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": {"suffix": {"type": "string"}} if scope == "inner" else {},
             "resources": resources or [], "outputs": outputs}
    props: dict[str, Any] = {"expressionEvaluationOptions": {"scope": scope}, "mode": "Incremental", "template": inner}
    if scope == "inner":
        props["parameters"] = parameters or {"suffix": {"value": "[parameters('env')]"}}
    return props


def test_nested_deployment_outputs_flow_into_the_parent(tmp_path: Path) -> None:
    storage = {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[format('st{0}', parameters('suffix'))]",
               "location": "westeurope", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}, "properties": {"supportsHttpsTrafficOnly": False}}
    deps = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "[format('deps-{0}', parameters('env'))]",
            "properties": _module("inner", {
                "storageId": {"type": "string", "value": "[resourceId('Microsoft.Storage/storageAccounts', format('st{0}', parameters('suffix')))]"},
                "access": {"type": "string", "value": "Disabled"},
                "endpoint": {"type": "string", "value": "[reference(resourceId('Microsoft.Storage/storageAccounts', 'x')).primaryEndpoints.blob]"},
                "names": {"type": "array", "copy": {"count": 2, "input": "[format('n{0}', copyIndex())]"}}}, [storage])}
    outer = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "outer-module",
             "properties": _module("outer", {"hbi": {"type": "bool", "value": "[equals(parameters('env'), 'prod')]"}})}
    dep_id = "resourceId('Microsoft.Resources/deployments', format('deps-{0}', parameters('env')))"
    workspace = ws(storageAccount=f"[reference({dep_id}, '2022-09-01').outputs.storageId.value]",
                   publicNetworkAccess="[reference('deps-prod').outputs.access.value]",
                   hbiWorkspace="[reference('outer-module', '2022-09-01', 'Full').properties.outputs.hbi.value]",
                   description="[reference('deps-prod').outputs.endpoint.value]",
                   friendlyName="[reference('deps-prod').outputs.names.value[1]]",
                   imageBuildCompute="[reference('deps-prod').outputs.storageId.type]")
    template = {"parameters": {"env": {"type": "string", "defaultValue": "prod"}}, "resources": [workspace, deps, outer]}
    entry = template_snapshot(write(tmp_path, template))["workspaces"][0]
    props = entry["workspace"]["resource"]["properties"]
    assert props["publicNetworkAccess"] == "Disabled" and props["hbiWorkspace"] is True
    assert props["friendlyName"] == "n1" and props["imageBuildCompute"] == "string"
    assert props["description"] is None and "properties.description" in entry["workspace"]["unresolved"]  # reference() of a resource
    # the output links the workspace to the storage account the module declares, which is judged
    assert entry["storage_account"]["status"] == "ok"
    assert entry["storage_account"]["resource"]["properties"]["supportsHttpsTrafficOnly"] is False


def test_symbolic_module_reference_and_linked_templates(tmp_path: Path) -> None:
    module = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "mod-deployment",
              "properties": _module("inner", {"access": {"type": "string", "value": "Disabled"}}, parameters={"suffix": {"value": "x"}})}
    linked = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
              "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.org/t.json"}}}
    template = {"languageVersion": "2.0", "resources": {
        "mod": module, "lnk": linked,
        "ws": ws(publicNetworkAccess="[reference('mod').outputs.access.value]", description="[reference('linked').outputs.d.value]")}}
    entry = template_snapshot(write(tmp_path, template))["workspaces"][0]
    assert entry["workspace"]["resource"]["properties"]["publicNetworkAccess"] == "Disabled"
    assert entry["workspace"]["unresolved"] == ["properties.description"]  # a linked template is not fetched


def test_a_deployment_whose_outputs_depend_on_themselves_is_refused(tmp_path: Path) -> None:
    loop = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "loop",
            "properties": _module("outer", {"x": {"type": "string", "value": "[reference('loop').outputs.x.value]"}})}
    template = {"resources": [loop, ws(description="[reference('loop').outputs.x.value]")]}
    with pytest.raises(UsageError, match="circular reference: the outputs of deployment 'loop'"):
        template_resources(write(tmp_path, template))


def test_unresolved_stays_unresolved_through_functions(tmp_path: Path) -> None:
    functions = [{"namespace": "f", "members": {"id": {"parameters": [{"name": "v", "type": "string"}], "output": {"type": "string", "value": "[parameters('v')]"}}}}]
    template = {"functions": functions, "resources": [ws(publicNetworkAccess="[f.id(reference('x').y)]")]}
    (res,) = template_resources(write(tmp_path, template))
    assert res.unresolved == ["properties.publicNetworkAccess"] and not isinstance(res.resource["properties"]["publicNetworkAccess"], Unresolved)


def test_a_module_with_only_outputs(tmp_path: Path) -> None:
    props = _module("inner", {"access": {"type": "string", "value": "[if(equals(parameters('suffix'), 'prod'), 'Disabled', 'Enabled')]"}},
                    parameters={"suffix": {"value": "prod"}})
    del props["template"]["resources"]
    module = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "settings", "properties": props}
    template = {"resources": [module, ws(publicNetworkAccess="[reference('settings').outputs.access.value]")]}
    assert props_of(tmp_path, template)["publicNetworkAccess"] == "Disabled"
