"""Where a finding is: the one Locatie format of every Melding (protocol 6)."""

from __future__ import annotations

from lxml import etree


def locatie_of(el: etree._Element, root: etree._Element) -> str:
    """Path of local names from ``root``, ``[n]`` where same-named siblings exist, and the line.

    Names and positions only, never a value: ``/Bericht/Clienten/Client[2]/Bsn (regel 40)``.
    """
    parts: list[str] = []
    node: etree._Element | None = el
    while node is not None:
        name = etree.QName(node).localname
        if node is not root and node.getparent() is not None:
            before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            after = next(node.itersiblings(node.tag), None)
            if before or after is not None:
                name = f"{name}[{before + 1}]"
        parts.append(name)
        if node is root:
            break
        node = node.getparent()
    path = "/" + "/".join(reversed(parts))
    return f"{path} (regel {el.sourceline})" if el.sourceline else path
