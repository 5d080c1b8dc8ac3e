"""The scene's part for Qt's index of its items (a BSP tree): how deep it
is, and setting it aside while an edit moves hundreds of items, then
filling it at once (issue 13: on a 10,000-card map each of these mattered
by a second)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QMetaObject, Qt
from PySide6.QtWidgets import QGraphicsScene

# Levels of Qt's index of the scene. Qt picks 15 for a 10,000-card map
# (32,768 cells), and a long route sits in hundreds of them: filling the
# index took a second. Ten fill it in a tenth of that and find an item
# under the mouse as fast.
BSP_DEPTH = 10


class SceneIndex(QGraphicsScene):
    def use_index(self) -> None:
        """Qt's BSP index, at the depth above."""
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setBspTreeDepth(BSP_DEPTH)

    @contextlib.contextmanager
    def _index_set_aside(self, many: bool) -> Iterator[None]:
        """Qt updates its BSP index item by item, which costs far more than
        building it afresh when thousands of items move at once (a deleted
        phase shifts every card to its right) or hundreds of routes change
        (each long route sits in many of the index's cells: 0.8 ms a route
        on a 10,000-card map). With `many`, the index is set aside meanwhile."""
        if not many or self.itemIndexMethod() is QGraphicsScene.ItemIndexMethod.NoIndex:
            yield
            return
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        try:
            yield
        finally:
            self.use_index()
            self._index_now()

    def _index_now(self) -> None:
        """Fill Qt's index now. A new index does not know the scene's extent
        until it changes (with none, every query tested every item, for good),
        and Qt fills it two seconds after the last change: meanwhile each
        paint and each hover tested all 25,000 items of a big map, and then
        the filling froze the window. Told the extent and filled now, it is
        one short pause (76 ms for 10,000 cards)."""
        index = next((child for child in self.children()
                      if child.metaObject().className() == "QGraphicsSceneBspTreeIndex"), None)
        self.sceneRectChanged.emit(self.sceneRect())  # the index follows this signal
        # A private slot of Qt's: where a Qt lacks it, its own timer fills the index later.
        if index is not None and index.metaObject().indexOfMethod("_q_updateIndex()") >= 0:
            QMetaObject.invokeMethod(index, "_q_updateIndex", Qt.ConnectionType.DirectConnection)
