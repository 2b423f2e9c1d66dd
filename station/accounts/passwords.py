"""Password rules and hashing (argon2 through argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from station.catalogue import accounts as text
from station.errors import InvalidInput

_hasher = PasswordHasher()
# Checked against when the user is unknown, so an unknown name and a wrong password take as long.
_DUMMY_HASH = _hasher.hash("not a real password, only here to spend the same time")

MIN_LENGTH = 8
COMMON = frozenset("""
123456 1234567 12345678 123456789 1234567890 12345678910 password password1 password123 passw0rd
qwerty qwerty123 qwertyuiop 111111 11111111 000000 00000000 123123 123123123 abc123 abcd1234
a1234567 a12345678 a123456789 aa123456 aa12345678 abc12345 abc123456 iloveyou 1q2w3e4r
1q2w3e4r5t 1qaz2wsx zaq12wsx 88888888 66666666 666666 888888 987654321 987654321 654321
woaini woaini1314 woaini520 5201314 52013141 1314520 qq123456 qq5201314 asdfghjk asdf1234
admin admin123 admin1234 administrator root1234 welcome welcome1 letmein monkey dragon
sunshine princess football baseball superman batman trustno1 master michael shadow
11223344 12341234 1234qwer qwer1234 asd123456 zxcvbnm zxcvbnm123 147258369 123654789
147852369 159357 12344321 11112222 00001111 code1234 station station1 volunteer
""".split())


def check_new_password(password: str, *, name: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(text.PASSWORD_SHORT(length=MIN_LENGTH), field="password")
    lowered = password.lower()
    if lowered in COMMON or lowered == name.lower() or len(set(password)) < 3:
        raise InvalidInput(text.PASSWORD_COMMON, field="password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
