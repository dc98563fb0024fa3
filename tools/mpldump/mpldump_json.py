"""Reading mpldump --json (docs/mpldump.md, "JSON output") from Python."""

import json


def is_variant(value):
    """A field with a variant: {"value": n, "label": ...}."""
    return isinstance(value, dict) and value.keys() == {"value", "label"}


def flatten(fields, prefix=""):
    """A layer's nested "fields" as one flat dict in wire order, keyed by
    dotted paths: an embedded packet's field is "outer.inner", an array
    element's "array.N.field" (N from 0). Variants stay {"value", "label"}."""
    flat = {}
    for name, value in fields.items():
        path = prefix + name
        if isinstance(value, list):
            for i, element in enumerate(value):
                flat.update(flatten(element, f"{path}.{i}."))
        elif isinstance(value, dict) and not is_variant(value):
            flat.update(flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def flat_frame(line):
    """One line of mpldump --json with every layer's fields flattened."""
    frame = json.loads(line)
    for layer in frame.get("layers", []):
        layer["fields"] = flatten(layer["fields"])
    return frame
