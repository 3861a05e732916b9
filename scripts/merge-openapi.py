#!/usr/bin/env python3
"""Merges docs/openapi-parts/*.json ({"tag" or "tags", "paths", "schemas"}) into docs/openapi.json.

Parts are written by whoever builds a capability; this keeps docs/openapi.json the one document
the server embeds. Existing paths and schemas of the same name are replaced. Run after editing a
part; the OpenAPI test (tests/integration/openapi_test.cpp) checks the result against the routes.
"""
import glob
import json
import os

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs")
doc_path = os.path.join(root, "openapi.json")
doc = json.load(open(doc_path, encoding="utf-8"))
for part_path in sorted(glob.glob(os.path.join(root, "openapi-parts", "*.json"))):
    part = json.load(open(part_path, encoding="utf-8"))
    # A part names its tag as "tag" (one) or "tags" (a list).
    for tag in ([part["tag"]] if part.get("tag") else []) + part.get("tags", []):
        if not any(t["name"] == tag["name"] for t in doc["tags"]):
            doc["tags"].append(tag)
    doc["paths"].update(part.get("paths", {}))
    doc["components"]["schemas"].update(part.get("schemas", {}))
with open(doc_path, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=2)
    f.write("\n")
print(f"{doc_path}: {len(doc['paths'])} paths")
