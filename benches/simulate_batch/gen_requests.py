#!/usr/bin/env python3
"""Writes N mixed SimulateCustomPolicy requests, one JSON object a line:
identity policies, permissions boundaries, resource and trust policies,
conditions with given and missing keys, policy variables, user, role and
session callers. Seeded, so every run measures the same requests."""
import json
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
rng = random.Random(20261207)
ACCT = "111122223333"
OTHER = "444455556666"
ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:RunInstances",
           "ec2:StartInstances", "iam:PassRole", "dynamodb:GetItem", "kms:Decrypt",
           "sqs:SendMessage", "sts:AssumeRole"]


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


IDENTITY = [
    doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
    doc({"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "arn:aws:s3:::reports/*"}),
    doc({"Effect": "Allow", "Action": "ec2:*", "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}),
    doc({"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:*", "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}),
    doc({"Effect": "Allow", "Action": "s3:*",
         "Resource": "arn:aws:s3:::home/${aws:username}/*"}),
    doc({"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}),
    doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}),
    doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}),
]
BOUNDARIES = [doc({"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}),
              doc({"Effect": "Allow", "Action": "*", "Resource": "*"})]
CALLERS = [f"arn:aws:iam::{ACCT}:user/alice", f"arn:aws:iam::{ACCT}:user/bob",
           f"arn:aws:iam::{ACCT}:role/Reader",
           f"arn:aws:sts::{ACCT}:assumed-role/Reader/s1"]


def bucket_policy(principal):
    return doc({"Effect": "Allow", "Principal": {"AWS": principal},
                "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"})


for i in range(n):
    caller = rng.choice(CALLERS)
    req = {"PolicyInputList": rng.sample(IDENTITY, rng.randint(1, 3)),
           "CallerArn": caller}
    if rng.random() < 0.3:
        req["PermissionsBoundaryPolicyInputList"] = [rng.choice(BOUNDARIES)]
    kind = rng.random()
    if kind < 0.15:
        req["ActionNames"] = ["sts:AssumeRole"]
        req["ResourceArns"] = [f"arn:aws:iam::{ACCT}:role/Deployer"]
        req["ResourcePolicy"] = doc({"Effect": "Allow", "Principal": {"AWS": rng.choice(
            [caller, f"arn:aws:iam::{ACCT}:root", f"arn:aws:iam::{ACCT}:user/carol"])},
            "Action": "sts:AssumeRole"})
    elif kind < 0.4:
        req["ActionNames"] = rng.sample(["s3:GetObject", "s3:PutObject", "s3:ListBucket"], 2)
        req["ResourceArns"] = ["arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::home/alice/a.txt"]
        req["ResourcePolicy"] = bucket_policy(rng.choice(CALLERS + [f"arn:aws:iam::{ACCT}:root"]))
        if rng.random() < 0.3:
            req["ResourceOwner"] = f"arn:aws:iam::{OTHER}:root"
    else:
        req["ActionNames"] = rng.sample(ACTIONS[:-1], rng.randint(1, 4))
    if rng.random() < 0.5:
        entries = [{"ContextKeyName": "aws:RequestedRegion",
                    "ContextKeyValues": [rng.choice(["us-east-1", "eu-west-1"])],
                    "ContextKeyType": "string"}]
        if rng.random() < 0.5:
            entries.append({"ContextKeyName": "aws:SourceIp",
                            "ContextKeyValues": ["203.0.113.9"], "ContextKeyType": "ip"})
        req["ContextEntries"] = entries
    print(json.dumps(req))
