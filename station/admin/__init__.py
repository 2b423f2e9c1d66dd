"""Administration for coordinators: the site file, the roster, volunteer accounts, gates."""
