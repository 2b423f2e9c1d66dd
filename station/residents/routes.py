"""Every route of the residents' part, as the one router app.py includes."""

from fastapi import APIRouter

from station.residents.households import routes as households
from station.residents.pickup import routes as pickup
from station.residents.track import routes as track

router = APIRouter()
router.include_router(track.router)
router.include_router(households.router)
router.include_router(pickup.router)
