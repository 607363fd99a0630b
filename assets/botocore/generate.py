#!/usr/bin/env python3
"""Cut the botocore service models down to what iamtutor's sandbox needs.

Run by hand when botocore moves on; the build only reads the JSON it writes:

    pip download botocore --no-deps -d /tmp/bc && cd /tmp/bc && unzip -q botocore-*.whl
    python3 assets/botocore/generate.py /tmp/bc/botocore

For each service it keeps the listed operations, every shape their input and
output reach (with the members, types, required lists and min/max/pattern/enum
constraints that botocore and the CLI act on), the paginator of each kept
operation, and one sentence of documentation per operation for `help`.
Everything else (member documentation, error shapes, endpoint rules) goes.
"""

import gzip
import html
import json
import os
import re
import sys

import botocore  # noqa: F401  (only to check the right package is on the path)
from botocore import xform_name

HERE = os.path.dirname(os.path.abspath(__file__))

# CLI name -> (botocore data directory, API version, operations).
# The IAM list is every operation the engine dispatches (src/iam/ops/*.rs).
IAM_OPS = """
CreateUser GetUser ListUsers UpdateUser DeleteUser TagUser UntagUser ListUserTags
CreateGroup GetGroup ListGroups UpdateGroup DeleteGroup AddUserToGroup
RemoveUserFromGroup ListGroupsForUser
CreateRole GetRole ListRoles UpdateRole UpdateRoleDescription DeleteRole
UpdateAssumeRolePolicy TagRole UntagRole ListRoleTags
CreatePolicy GetPolicy ListPolicies DeletePolicy CreatePolicyVersion GetPolicyVersion
ListPolicyVersions DeletePolicyVersion SetDefaultPolicyVersion TagPolicy UntagPolicy
ListPolicyTags ListEntitiesForPolicy
AttachUserPolicy DetachUserPolicy ListAttachedUserPolicies PutUserPolicy GetUserPolicy
DeleteUserPolicy ListUserPolicies PutUserPermissionsBoundary DeleteUserPermissionsBoundary
AttachGroupPolicy DetachGroupPolicy ListAttachedGroupPolicies PutGroupPolicy
GetGroupPolicy DeleteGroupPolicy ListGroupPolicies
AttachRolePolicy DetachRolePolicy ListAttachedRolePolicies PutRolePolicy GetRolePolicy
DeleteRolePolicy ListRolePolicies PutRolePermissionsBoundary DeleteRolePermissionsBoundary
CreateLoginProfile GetLoginProfile UpdateLoginProfile DeleteLoginProfile
CreateAccessKey ListAccessKeys UpdateAccessKey DeleteAccessKey GetAccessKeyLastUsed
CreateVirtualMFADevice EnableMFADevice ResyncMFADevice DeactivateMFADevice
DeleteVirtualMFADevice ListMFADevices ListVirtualMFADevices
CreateInstanceProfile GetInstanceProfile ListInstanceProfiles DeleteInstanceProfile
AddRoleToInstanceProfile RemoveRoleFromInstanceProfile ListInstanceProfilesForRole
TagInstanceProfile UntagInstanceProfile ListInstanceProfileTags
SimulateCustomPolicy SimulatePrincipalPolicy GetAccountAuthorizationDetails
GetAccountPasswordPolicy UpdateAccountPasswordPolicy DeleteAccountPasswordPolicy
ChangePassword GetAccountSummary
CreateOpenIDConnectProvider GetOpenIDConnectProvider ListOpenIDConnectProviders
DeleteOpenIDConnectProvider AddClientIDToOpenIDConnectProvider
RemoveClientIDFromOpenIDConnectProvider UpdateOpenIDConnectProviderThumbprint
TagOpenIDConnectProvider UntagOpenIDConnectProvider ListOpenIDConnectProviderTags
CreateSAMLProvider GetSAMLProvider ListSAMLProviders UpdateSAMLProvider DeleteSAMLProvider
TagSAMLProvider UntagSAMLProvider ListSAMLProviderTags
GenerateCredentialReport GetCredentialReport
GetContextKeysForCustomPolicy GetContextKeysForPrincipalPolicy
ListPoliciesGrantingServiceAccess
GenerateServiceLastAccessedDetails GetServiceLastAccessedDetails
"""

SERVICES = [
    ("iam", "iam", "2010-05-08", IAM_OPS.split()),
    ("sts", "sts", "2011-06-15", ["AssumeRole", "GetCallerIdentity", "GetSessionToken",
             "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"]),
    ("s3api", "s3", "2006-03-01", [
        "CreateBucket", "DeleteBucket", "ListBuckets", "PutObject", "GetObject",
        "DeleteObject", "ListObjectsV2", "HeadObject", "PutBucketPolicy",
        "GetBucketPolicy", "DeleteBucketPolicy", "HeadBucket", "CopyObject"]),
    ("ec2", "ec2", "2016-11-15", [
        "RunInstances", "DescribeInstances", "StartInstances", "StopInstances",
        "TerminateInstances", "AssociateIamInstanceProfile",
        "DescribeIamInstanceProfileAssociations", "DisassociateIamInstanceProfile",
        "ReplaceIamInstanceProfileAssociation"]),
    ("lambda", "lambda", "2015-03-31", [
        "CreateFunction", "GetFunction", "ListFunctions", "DeleteFunction", "Invoke",
        "GetFunctionConfiguration"]),
    ("dynamodb", "dynamodb", "2012-08-10", [
        "CreateTable", "DescribeTable", "ListTables", "DeleteTable", "PutItem",
        "GetItem", "Scan", "DeleteItem"]),
    ("cloudwatch", "cloudwatch", "2010-08-01", [
        "DescribeAlarms", "ListMetrics", "GetMetricStatistics"]),
    ("autoscaling", "autoscaling", "2011-01-01", [
        "DescribeAutoScalingGroups", "DescribeLaunchConfigurations"]),
    ("elbv2", "elbv2", "2015-12-01", ["DescribeLoadBalancers", "DescribeTargetGroups"]),
    # AWS Organizations, from the management account: SCPs and RCPs
    # (src/iam/ops/organizations.rs).
    ("organizations", "organizations", "2016-11-28", [
        "CreatePolicy", "AttachPolicy", "DetachPolicy", "ListPolicies",
        "DescribePolicy", "UpdatePolicy", "DeletePolicy", "ListTargetsForPolicy",
        "ListPoliciesForTarget", "DescribeOrganization", "ListAccounts", "ListRoots"]),
]

# Shape keys the CLI or botocore's client-side validation read.
SHAPE_KEYS = ["type", "required", "min", "max", "pattern", "enum", "payload",
              "streaming", "document", "union", "sensitive"]
MEMBER_KEYS = ["shape", "jsonvalue", "location", "deprecated", "streaming"]


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def first_sentence(doc):
    text = html.unescape(re.sub(r"<[^>]+>", " ", doc or ""))
    text = re.sub(r"\s+", " ", text).strip()
    match = re.match(r"(.+?\.)(\s|$)", text)
    return match.group(1) if match else text


def strip_shape(shape):
    out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
    if "members" in shape:
        out["members"] = {
            name: {k: m[k] for k in MEMBER_KEYS if k in m
                   and (k != "location" or m.get("jsonvalue"))}
            for name, m in shape["members"].items()
        }
    for k in ("member", "key", "value"):
        if k in shape:
            out[k] = {"shape": shape[k]["shape"]}
    return out


def reach(shapes, name, seen):
    if name in seen:
        return
    seen.add(name)
    shape = shapes[name]
    for member in shape.get("members", {}).values():
        reach(shapes, member["shape"], seen)
    for k in ("member", "key", "value"):
        if k in shape:
            reach(shapes, shape[k]["shape"], seen)


def cut(root, cli_name, data_dir, version, operations):
    base = os.path.join(root, "data", data_dir, version)
    service = load(os.path.join(base, "service-2.json.gz"))
    try:
        paginators = load(os.path.join(base, "paginators-1.json"))["pagination"]
    except FileNotFoundError:
        paginators = {}
    # botocore merges these extras over the paginators (non-aggregate keys).
    extras_path = os.path.join(base, "paginators-1.sdk-extras.json")
    if os.path.exists(extras_path):
        extras = load(extras_path)["merge"]["pagination"]
        for name, extra in extras.items():
            paginators.setdefault(name, {}).update(extra)
    meta = service["metadata"]
    ops, seen, pages = {}, set(), {}
    for name in operations:
        op = service["operations"][name]
        entry = {"cli": xform_name(name, "-"), "doc": first_sentence(op.get("documentation"))}
        for io in ("input", "output"):
            if io in op:
                entry[io] = op[io]["shape"]
                reach(service["shapes"], op[io]["shape"], seen)
        if op.get("deprecated"):
            entry["deprecated"] = True
        ops[name] = entry
        if name in paginators:
            pages[name] = paginators[name]
    shapes = {n: strip_shape(service["shapes"][n]) for n in sorted(seen)}
    return {
        "cli": cli_name,
        "metadata": {k: meta[k] for k in ("apiVersion", "protocol", "serviceId",
                                          "endpointPrefix") if k in meta},
        "operations": ops,
        "shapes": shapes,
        "paginators": pages,
    }


def write_all_operations(root):
    """Every operation of each service's full model, simulated or not, as
    `<cli service> <API name> <CLI name>` lines: the sandbox tells a real
    operation it does not simulate from a name that is no operation at all."""
    lines = []
    for cli_name, data_dir, version, _ in SERVICES:
        base = os.path.join(root, "data", data_dir, version)
        service = load(os.path.join(base, "service-2.json.gz"))
        for name in service["operations"]:
            lines.append(f"{cli_name} {name} {xform_name(name, '-')}")
    with open(os.path.join(HERE, "operations.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(lines)) + "\n")


def write_east_asian_widths():
    """The table formatter counts East Asian wide, full-width and ambiguous
    characters as two columns (Python's unicodedata); keep those ranges."""
    import unicodedata

    ranges, start = [], None
    for cp in range(0x80, 0x110000):
        wide = unicodedata.east_asian_width(chr(cp)) in "WFA"
        if wide and start is None:
            start = cp
        elif not wide and start is not None:
            ranges.append((start, cp - 1))
            start = None
    lines = [
        "//! Generated by assets/botocore/generate.py from Python's unicodedata",
        f"//! (Unicode {unicodedata.unidata_version}): the characters Python's",
        "//! `east_asian_width` calls W, F or A, which the CLI's table counts as",
        "//! two columns.",
        "",
        "#[rustfmt::skip]",
        "pub const WIDE: &[(u32, u32)] = &[",
    ]
    for i in range(0, len(ranges), 6):
        chunk = ranges[i:i + 6]
        lines.append("    " + " ".join(f"(0x{a:x}, 0x{b:x})," for a, b in chunk))
    lines.append("];")
    out = os.path.join(HERE, "..", "..", "src", "shell", "cli", "eaw.rs")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(botocore.__file__)
    total = 0
    names = []
    for cli_name, data_dir, version, operations in SERVICES:
        model = cut(root, cli_name, data_dir, version, operations)
        path = os.path.join(HERE, f"{cli_name}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(model, f, separators=(",", ":"), sort_keys=False)
            f.write("\n")
        total += os.path.getsize(path)
        # What the real xform_name gives, for the Rust port's test to compare.
        for name in operations:
            names.append(f"{name} {xform_name(name, '-')}")
        for shape in model["shapes"].values():
            for member in shape.get("members", {}):
                names.append(f"{member} {xform_name(member, '-')}")
    with open(os.path.join(HERE, "xform-names.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(set(names))) + "\n")
    write_all_operations(root)
    write_east_asian_widths()
    print(f"wrote {len(SERVICES)} models, {total} bytes")


if __name__ == "__main__":
    main()
