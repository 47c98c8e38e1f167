#!/usr/bin/env python3
"""Writes the compact constraint table of an AWS API from botocore's model, for common's ConstraintValidator.

    python3 scripts/constraints.py dynamodb 2012-08-10 dynamodb-svc/src/main/resources/overcast/constraints/dynamodb.json

The table keeps, for the shapes reachable from the operations' inputs, what the API model constrains
(required members, length, range, pattern, enum) and the structure, list and map shapes that lead to such a
constraint; documentation and unconstrained shapes are left out.
"""
import gzip
import json
import os
import sys

import botocore

CONSTRAINTS = ("min", "max", "pattern", "enum")

# Enum values in the order the service lists them in its messages ("Member must satisfy enum value set: [...]"),
# where that order differs from the model's.
AWS_ORDER = {
    "dynamodb": {
        "Select": ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
        "ReturnConsumedCapacity": ["INDEXES", "TOTAL", "NONE"],
        "ReturnValue": ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"],
        "ReturnItemCollectionMetrics": ["SIZE", "NONE"],
        "ComparisonOperator": ["IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE",
                               "BEGINS_WITH", "GE", "CONTAINS"],
        "ScalarAttributeType": ["B", "N", "S"],
    },
    "dynamodbstreams": {
        "ShardIteratorType": ["AFTER_SEQUENCE_NUMBER", "LATEST", "AT_SEQUENCE_NUMBER", "TRIM_HORIZON"],
    },
}


def main(service, version, out):
    path = os.path.join(os.path.dirname(botocore.__file__), "data", service, version, "service-2.json.gz")
    model = json.load(gzip.open(path))
    shapes = model["shapes"]
    operations = {name: op["input"]["shape"] for name, op in model["operations"].items() if "input" in op}

    def children(shape):
        s = shapes[shape]
        if s["type"] == "structure":
            return [m["shape"] for m in s.get("members", {}).values()]
        if s["type"] == "list":
            return [s["member"]["shape"]]
        if s["type"] == "map":
            return [s["key"]["shape"], s["value"]["shape"]]
        return []

    # shapes that carry a constraint themselves, then (to a fixed point) those that lead to one
    constrained = {n for n, s in shapes.items() if any(k in s for k in CONSTRAINTS) or s.get("required")}
    changed = True
    while changed:
        changed = False
        for n in shapes:
            if n not in constrained and any(c in constrained for c in children(n)):
                constrained.add(n)
                changed = True

    table = {}
    pending = list(operations.values())
    while pending:
        n = pending.pop()
        if n in table or n not in constrained:
            continue
        s = shapes[n]
        t = {"type": s["type"]}
        for k in CONSTRAINTS:
            if k in s:
                t[k] = s[k]
        order = AWS_ORDER.get(service, {}).get(n)
        if order is not None:
            assert sorted(order) == sorted(s["enum"]), n
            t["enum"] = order
        if s["type"] == "structure":
            if s.get("required"):
                t["required"] = s["required"]
            t["members"] = {m: ref["shape"] for m, ref in s.get("members", {}).items()
                            if ref["shape"] in constrained or m in s.get("required", [])}
        elif s["type"] == "list":
            t["member"] = s["member"]["shape"]
        elif s["type"] == "map":
            t["key"] = s["key"]["shape"]
            t["value"] = s["value"]["shape"]
        table[n] = t
        pending.extend(c for c in children(n) if c in constrained)

    doc = {"operations": {o: i for o, i in sorted(operations.items()) if i in table},
           "shapes": dict(sorted(table.items()))}
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:  # one operation or shape a line
        f.write("{\"operations\":{\n")
        f.write(",\n".join(json.dumps(k) + ":" + json.dumps(v) for k, v in doc["operations"].items()))
        f.write("\n},\n\"shapes\":{\n")
        f.write(",\n".join(json.dumps(k) + ":" + json.dumps(v, separators=(",", ":")) for k, v in doc["shapes"].items()))
        f.write("\n}}\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
