"""A check every provider's OpenAPI test shares: each `$ref` names a schema the document has."""


def schema_refs(node):
    """Every `$ref` anywhere in an OpenAPI document."""
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from schema_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from schema_refs(value)


def unresolved_refs(document: dict) -> list[str]:
    schemas = document["components"]["schemas"]
    return [ref for ref in schema_refs(document) if ref.split("/")[-1] not in schemas]
