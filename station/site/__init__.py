"""The site: grids, buildings, units, zones, categories, disinfection methods. Pure."""

from station.site.loader import load_site, parse_site
from station.site.reader import SiteError
from station.site.model import (
    Building,
    Category,
    CategoryCode,
    Channel,
    DisinfectionMethod,
    Gate,
    Grid,
    Notifications,
    Site,
    Zone,
)

__all__ = [
    "Building",
    "Category",
    "CategoryCode",
    "Channel",
    "DisinfectionMethod",
    "Gate",
    "Grid",
    "Notifications",
    "Site",
    "SiteError",
    "Zone",
    "load_site",
    "parse_site",
]
