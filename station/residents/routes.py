"""Every route of the residents' part, as the one router app.py includes."""

from fastapi import APIRouter

from station.residents import api, coordinator, public

router = APIRouter()
router.include_router(public.router)
router.include_router(coordinator.router)
router.include_router(api.router)
