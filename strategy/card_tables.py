"""A strategy document's tables as cards on a phone (site.css: .stack-on-phone): a Markdown
extension that gives each cell its column's name as a label, which only a phone shows."""

from xml.etree.ElementTree import Element, SubElement  # building elements, parsing none

import markdown
from markdown.treeprocessors import Treeprocessor

CARD_CLASSES = {"span": {"cell-label"}, "td": {"cell-long"}}  # what _TablesAsCards writes
LONG_CELL = 24  # characters from which a value reads under its column's name on a phone


class _TablesAsCards(Treeprocessor):
    """On a phone each row of a table is a card (site.css: .stack-on-phone): every cell gets
    its column's name as a label, which only a phone shows, and its value beside it or, when
    long, under it."""

    def run(self, root) -> None:
        for table in root.iter("table"):
            names = ["".join(th.itertext()).strip() for th in table.iterfind("thead/tr/th")]
            for row in table.iterfind("tbody/tr"):
                for name, cell in zip(names, row.iterfind("td"), strict=False):
                    if name:
                        self._label(cell, name)

    @staticmethod
    def _label(cell, name: str) -> None:
        value = Element("span")
        value.text, cell.text = cell.text, None
        for child in list(cell):
            cell.remove(child)
            value.append(child)
        label = SubElement(cell, "span", {"class": "cell-label"})
        label.text, label.tail = name, " "
        cell.append(value)
        if len("".join(value.itertext())) > LONG_CELL:
            cell.set("class", "cell-long")


class CardTables(markdown.Extension):
    """The extension that makes a document's tables cards on a phone."""

    def extendMarkdown(self, md) -> None:
        # After the inline patterns (20) and their unescaping (0): the cells hold their text.
        md.treeprocessors.register(_TablesAsCards(md), "tables_as_cards", -10)
