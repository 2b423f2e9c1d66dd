"""Words volunteers read for the custody log's codes (gettext ids; translated where shown)."""

from __future__ import annotations

from station.custody.states import ReturnReason

RETURN_REASONS = {
    ReturnReason.nobody_home: "nobody home",
    ReturnReason.refused: "refused",
    ReturnReason.wrong_address: "wrong address",
    ReturnReason.other: "other reason",
}
