"""What the admin pages say: the site file, the roster import, accounts, locks."""

from station.catalogue import Message

NOT_THE_CHECKED_FILE = Message("admin.not_checked_file", "the file is not the one that was checked; check it again")
SITE_CHANGED = Message("admin.site_changed",
                       "another coordinator changed the site since this file was checked; check it again")
STRANDS_ITEMS = Message("admin.strands_items", "the new file strands items here now: {blockers}")
ROSTER_FILE_KIND = Message("admin.roster_file_kind", "choose a roster file ending in .csv or .xlsx")
ROSTER_FILE_NEEDED = Message("admin.roster_file_needed", "choose a roster file (.csv or .xlsx) to upload")
FILE_EMPTY = Message("admin.file_empty", "{file} is empty")
FILE_PROBLEM = Message("admin.file_problem", "{file}: {problem}")
FILE_UNREADABLE = Message("admin.file_unreadable", "{file} could not be read as {kind} ({error})")
SITE_FILE_TOO_BIG = Message("admin.site_file_too_big", "{file} is over {kb} kB; a site file is far smaller")
NOT_UTF8 = Message("admin.not_utf8", "{file} is not UTF-8 text")
NO_SUCH_LOCK = Message("admin.no_such_lock", "there is no such lock")
OWN_ACCOUNT = Message("admin.own_account", "you cannot disable your own account; ask another coordinator")
ALREADY_DISABLED = Message("admin.already_disabled", "{name} is already disabled")
LAST_COORDINATOR = Message("admin.last_coordinator",
                           "{name} is the last active coordinator; add another coordinator first")

# -- what a new site file would strand or leave off (the site check page; said in English by the CLI) -----
STRANDED_BUILDING = Message("admin.stranded_building",
                            "{count} item(s) wait for building {building} but the new file has no building {building}")
STRANDED_ZONE = Message("admin.stranded_zone", "zone {zone} holds {count} item(s) but the new file has no zone {zone}")
STRANDED_SHELF = Message("admin.stranded_shelf",
                         "shelf {shelf} holds {count} item(s) but the new file gives zone {zone} only {shelves} shelves")
STRANDED_SLOT = Message("admin.stranded_slot", "shelf {shelf} has an item in slot {slot} but the new file gives "
                        "zone {zone} only {slots} slots per shelf")
ROSTER_OFF_SITE = Message("admin.roster_off_site",
                          "{count} roster household(s) are in rooms the new file does not have")
