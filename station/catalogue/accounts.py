"""What the station says about volunteers, passwords, sign-in and devices."""

from station.catalogue import Message

NOT_PERMITTED = Message("accounts.not_permitted", "a {role} volunteer may not do this; it needs: {roles}")
SIGN_IN = Message("accounts.sign_in", "please sign in")
SIGN_IN_API = Message("accounts.sign_in_api", "sign in, or send a device token as Authorization: Bearer")
TOKEN_UNKNOWN = Message("accounts.token_unknown", "this device token is unknown or revoked")
NAME_NEEDED = Message("accounts.name_needed", "a name of 1 to 64 characters is needed")
ROLE_ONE_OF = Message("accounts.role_one_of", "role must be one of {roles}")
NAME_TAKEN = Message("accounts.name_taken", "there is already a volunteer called {name}")
DISABLED = Message("accounts.disabled", "{name} is disabled")
PASSWORD_SHORT = Message("accounts.password_short", "a password needs at least {length} characters")
PASSWORD_COMMON = Message("accounts.password_common", "that password is too common or too easy to guess; choose another")
PASSWORD_NEEDED = Message("accounts.password_needed", "give the new volunteer a password")
DEVICE_LABEL = Message("accounts.device_label", "say which device gets the token (e.g. gate PC 1)")
SIGN_IN_FAILED = Message("accounts.sign_in_failed", "name or password is wrong")
