"""What the dashboard, exports, backups and the station's own plumbing say."""

from station.catalogue import Message

SEARCH_WHAT = Message("dashboard.search_what", "type a parcel code, tracking number, pickup code or room (10-2-301)")
SEARCH_TOO_LONG = Message("dashboard.search_too_long", "that is {length} characters long; a code or room is at most {limit}")
NOTHING_KNOWN = Message("dashboard.nothing_known", "no parcel or room is known by '{text}'")
NOT_A_DAY = Message("dashboard.not_a_day", "date '{text}' is not a day such as 2026-11-27")
DAY_OUT_OF_RANGE = Message("dashboard.day_out_of_range", "date {day} is not between {first} and {last}")
REPORT_FORMAT = Message("dashboard.report_format", "the day's report comes as csv, xlsx or pdf, not '{extension}'")
NO_BACKUP = Message("backup.no_file", "no backup file at {path}")
BACKUP_DAMAGED = Message("backup.damaged", "{path} fails SQLite's integrity check; not restored")
TOOL_MISSING = Message("backup.tool_missing", "{tool} is not installed (`apt-get install postgresql-client`)")
TOOL_FAILED = Message("backup.tool_failed", "{tool} failed: {error}")
NO_SITE = Message("station.no_site", "no site is loaded: run `station init` first")
NO_HTTPS = Message("station.no_https", "this station does not serve HTTPS")
VALUE_UNSTORABLE = Message("station.value_unstorable", "a value in this request cannot be stored: {reason}")
NUMBER_TOO_LARGE = Message("station.number_too_large", "a number in this request is too large")
KEY_TOO_LONG = Message("station.key_too_long", "Idempotency-Key is longer than 80 characters")
KEY_OTHER_KIND = Message("station.key_other_kind", "this Idempotency-Key was used for another kind of request")
PDF_FONT = Message("station.pdf_font", "the PDF needs a Chinese TrueType font (`apt-get install fonts-wqy-microhei`): {error}")
KEY_OTHER_REQUEST = Message("station.key_other_request", "this Idempotency-Key was sent before with another request; send this one with a new key")
# One detail of a custody event on one line of the custody export ("原因：未填写去向").
DETAIL = Message("dashboard.detail", "{name}: {value}")
