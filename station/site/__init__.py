"""The site: grids, buildings, units, zones, categories, disinfection methods. Pure."""

from station.site.loader import SiteError, load_site, parse_site
from station.site.model import (
    Building,
    Category,
    DisinfectionMethod,
    Gate,
    Grid,
    Site,
    Zone,
)

__all__ = [
    "Building",
    "Category",
    "DisinfectionMethod",
    "Gate",
    "Grid",
    "Site",
    "SiteError",
    "Zone",
    "load_site",
    "parse_site",
]
