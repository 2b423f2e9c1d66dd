"""Every table, imported in one place for migrations and `station check`."""

from station.accounts.models import ApiToken, User, WebSession
from station.custody.models import CustodyEvent, CustodySeal
from station.dashboard import models as dashboard_indexes  # noqa: F401  (indexes on other tables)
from station.db import Base
from station.gate.handover.models import Handover, HandoverItem
from station.limits.models import LimitCount, LimitHit
from station.notify.models import Notification, ReminderMark
from station.ops.models import Lease
from station.parcels.models import Alias, IdempotencyKey, Parcel
from station.residents.models import Household, PreRegistration
from station.runs.models import DeliveryRun, RunItem, Stocktake, StocktakeScan
from station.siteconfig.models import SiteVersion

__all__ = ["Notification", "ReminderMark", "DeliveryRun", "RunItem", "Stocktake", "StocktakeScan", "Handover", "HandoverItem", "LimitCount", "LimitHit", "Lease", "Alias", "ApiToken", "Base", "User", "WebSession", "CustodyEvent", "CustodySeal", "Household", "IdempotencyKey", "Parcel",
           "PreRegistration", "SiteVersion"]
