"""Every route of the runs part, as the one router app.py includes."""

from fastapi import APIRouter

from station.runs import api, pages, stocktake_pages

router = APIRouter()
router.include_router(stocktake_pages.router)  # before pages: /runs/stocktake is not a run code
router.include_router(pages.router)
router.include_router(api.router)
