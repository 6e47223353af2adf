"""The structure tree of a PDF joined from parts (pdf_parallel.py): each part is laid out
tagged, and their trees become the book's one tree, so that a long book laid out in
parallel is as tagged as one laid out in one process (screen readers, reflow, PDF/UA).

A part's tree (WeasyPrint's) is a Document element holding the part's elements, and a
parent tree that maps each page's key (/StructParents) and each link's (/StructParent)
to the elements of its marked content. Marked-content identifiers are numbered per
page, so they stay; the keys are numbered per part, so each part's move past the keys
of the parts before it. The pages drawn over (running heads, folios) are artifacts
(pdf_overlay.merge_overlay)."""

from __future__ import annotations

from typing import Iterable


def _numbers(tree) -> list[tuple[int, object]]:
    """A number tree's (key, value) pairs, its kids' included, the values as stored."""
    node = tree.get_object()
    pairs = []
    if "/Nums" in node:
        nums = node["/Nums"]
        pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in node.get("/Kids") or ():
        pairs += _numbers(kid)
    return pairs


def _kids(element) -> list:
    """An element's children as stored (references, mostly)."""
    if "/K" not in element:
        return []
    kids = element.raw_get("/K")
    return list(kids.get_object()) if isinstance(kids.get_object(), list) else [kids]


def join_structure(writer, parts: Iterable[tuple[object, int]]) -> bool:
    """Give `writer` one structure tree made of its parts' trees. `parts`: each part's
    reader and the index of its first page in `writer`, whose pages were added from that
    same reader (pypdf then maps the elements' pages to the writer's copies). False, and
    nothing changed, when a part carries no tree."""
    from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject

    parts = list(parts)
    trees = [reader.trailer["/Root"].get("/StructTreeRoot") for reader, _ in parts]
    if not parts or any(tree is None for tree in trees):
        return False
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    document = DictionaryObject({
        NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document"),
        NameObject("/P"): root_ref,
    })
    document_ref = writer._add_object(document)
    kids, nums, namespaces = ArrayObject(), ArrayObject(), ArrayObject()
    offset = 0
    for (reader, start), tree in zip(parts, trees):
        tree = tree.get_object()
        pairs = _numbers(tree["/ParentTree"])
        for key, value in pairs:
            nums += [NumberObject(key + offset), value.clone(writer)]
        for top in _kids(tree):
            element = top.get_object()
            # The part's own Document element: its elements are the book's.
            children = _kids(element) if element.get("/S") == "/Document" else [top]
            for child in children:
                copied = child.clone(writer)
                if isinstance(copied.get_object(), DictionaryObject):
                    copied.get_object()[NameObject("/P")] = document_ref
                kids.append(copied)
        namespaces += [namespace.clone(writer) for namespace in _stored(tree, "/Namespaces")]
        for index in range(start, start + len(reader.pages)):
            page = writer.pages[index]
            if "/StructParents" in page:
                page[NameObject("/StructParents")] = NumberObject(int(page["/StructParents"]) + offset)
            for annotation in page.get("/Annots") or ():
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(int(annotation["/StructParent"]) + offset)
        offset += max((key for key, _ in pairs), default=-1) + 1
    document[NameObject("/K")] = kids
    root[NameObject("/K")] = ArrayObject([document_ref])
    root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    root[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    if namespaces:
        root[NameObject("/Namespaces")] = namespaces
    writer._root_object[NameObject("/StructTreeRoot")] = root_ref
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    return True


def _stored(node, key: str) -> list:
    if key not in node:
        return []
    value = node.raw_get(key)
    return list(value.get_object()) if isinstance(value.get_object(), list) else [value]
