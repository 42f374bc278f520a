"""The paste hot path's widgets: the picker popup, the fill dialog and suggested replies."""
