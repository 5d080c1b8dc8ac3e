"""The map canvas: a QGraphicsScene driven by the journey's events."""
