"""Gate pages: scan and intake, disinfection, shelves, courier hand-over."""
