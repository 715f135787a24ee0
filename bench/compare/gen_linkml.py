#!/usr/bin/env python3
"""Writes a synthetic LinkML schema with N classes for benchmarks.

Each class has an identifier, a dozen scalar slots of mixed types (some
required, some with ifabsent defaults and ranges), an enum slot and a reference
to the previous class, so the database has foreign keys, enum types and check
constraints like a real schema.

usage: gen_linkml.py N OUT.yaml
"""
import sys


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    lines = [
        "id: https://example.org/bench",
        "name: bench",
        "prefixes:",
        "  linkml: https://w3id.org/linkml/",
        "imports:",
        "  - linkml:types",
        "default_range: string",
        "enums:",
        "  Status:",
        "    permissible_values:",
        "      draft:",
        "      active:",
        "      retired:",
        "classes:",
    ]
    types = ["string", "integer", "boolean", "float", "decimal", "date", "datetime"]
    for i in range(n):
        lines.append(f"  Entity{i:04d}:")
        lines.append(f"    description: Synthetic entity number {i}")
        lines.append("    attributes:")
        lines.append(f"      entity{i:04d}_id:")
        lines.append("        identifier: true")
        for j in range(12):
            t = types[j % len(types)]
            lines.append(f"      field_{j:02d}:")
            lines.append(f"        range: {t}")
            if j % 3 == 0:
                lines.append("        required: true")
            if t == "integer" and j % 2 == 0:
                lines.append("        minimum_value: 0")
        lines.append("      status:")
        lines.append("        range: Status")
        if i > 0:
            lines.append("      previous:")
            lines.append(f"        range: Entity{i - 1:04d}")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
