"""Runner claims, floor delivery lists, hand-offs at the door, and the shift-close stocktake."""
