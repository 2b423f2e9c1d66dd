"""What a waybill is read against: the station's site and roster, indexed once per version."""

from __future__ import annotations

from sqlalchemy.orm import Session

from station.recognize.match import Directory
from station.recognize.waybill import compound_name
from station.recognize_roster import address_recogniser
from station.site import Site


def waybill_directory(session: Session, site: Site) -> tuple[Directory, str | None]:
    """The site and roster as the waybill reader matches them, and the compound's name."""
    return address_recogniser(session, site).directory, compound_name(site.name)
