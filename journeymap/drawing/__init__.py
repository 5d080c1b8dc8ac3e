"""Drawing geometry and the visual theme: where every card, header and
connection goes, and the colours and sizes they are drawn with.

Pure Python, like the model (no Qt; the import contract in pyproject checks
it), so the CLI's exports and the tests use the same geometry as the window.
"""
