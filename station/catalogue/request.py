"""What the API says about a request it could not read (FastAPI's validation, put into words)."""

from station.catalogue import Message

INVALID = Message("request.invalid", "the request is not valid: {problems}")
MISSING = Message("request.missing", "{field} is missing")
UNKNOWN_FIELD = Message("request.unknown_field", "{field} is not a field this request takes")
TOO_LONG = Message("request.too_long", "{field} is longer than {limit}")
TOO_SHORT = Message("request.too_short", "{field} is shorter than {limit}")
NOT_TEXT = Message("request.not_text", "{field} must be text")
NOT_NUMBER = Message("request.not_number", "{field} must be a whole number")
NOT_DECIMAL = Message("request.not_decimal", "{field} must be a number")
NOT_YES_NO = Message("request.not_yes_no", "{field} must be true or false")
NOT_LIST = Message("request.not_list", "{field} must be a list")
NOT_OBJECT = Message("request.not_object", "{field} must be an object with named fields")
AT_LEAST = Message("request.at_least", "{field} must be at least {limit}")
AT_MOST = Message("request.at_most", "{field} must be at most {limit}")
ABOVE = Message("request.above", "{field} must be more than {limit}")
BELOW = Message("request.below", "{field} must be less than {limit}")
ONE_OF = Message("request.one_of", "{field} must be one of {choices}")
NOT_JSON = Message("request.not_json", "the body is not valid JSON")
NOT_VALID = Message("request.field_invalid", "{field} is not valid")
