"""What the notification outbox and its channels say (the channels' reasons are kept in English in
the outbox row, for the log; the page and the API say them in the reader's language when shown)."""

from station.catalogue import Message

CANNOT_REACH = Message("notify.cannot_reach", "cannot reach {host}: {error}")
NO_ANSWER = Message("notify.no_answer", "no answer from {host} in time ({error})")
SEND_FAILED = Message("notify.send_failed", "sending to {host} failed: {error}")
ANSWERED = Message("notify.answered", "{host} answered {status}")
REFUSED = Message("notify.refused", "{host} refused the message ({status}): check the channel's url in the site file")
RATE_LIMITED = Message("notify.rate_limited", "{app} is limiting how fast the robot may post ({code} {message})")
APP_REFUSED = Message("notify.app_refused", "{app} refused the message: {code} {message}")
MAIL_UNREACHABLE = Message("notify.mail_unreachable", "cannot reach the mail server {host}: {error}")
MAIL_ADDRESSES = Message("notify.mail_addresses", "the mail server {host} refused the addresses: {error}")
MAIL_ANSWERED = Message("notify.mail_answered", "the mail server {host} answered {status}")
MAIL_WENT_AWAY = Message("notify.mail_went_away", "the mail server {host} went away while sending: {error}")
MAIL_LOGIN = Message("notify.mail_login", "the mail server {host} refused the login ({status})")
MAIL_NO_STARTTLS = Message("notify.mail_no_starttls", "the mail server {host} does not offer STARTTLS")
MAIL_FAILED_BEFORE = Message("notify.mail_failed_before", "the mail server {host} failed before sending: {error}")
NO_CHANNEL = Message("notify.no_channel", "there is no channel '{channel}' in the site file")
STATE_ONE_OF = Message("notify.state_one_of", "state must be one of {states}")
NOTHING_TO_RETRY = Message("notify.nothing_to_retry", "message {number} is {state}: there is nothing to retry")
BEING_SENT = Message("notify.being_sent", "message {number} is being sent right now; cancel it when the attempt is over")
ALREADY_DONE = Message("notify.already_done", "message {number} is already {state}")
NO_MESSAGE = Message("notify.no_message", "there is no message {number} in the outbox")
# What became of a failed attempt: kept in the outbox row, said to the coordinator in their language.
RETRY_NEXT = Message("notify.retry_next", "{reason} (attempt {attempts}; next in {wait})")
GAVE_UP = Message("notify.gave_up", "{reason} (gave up after {attempts} attempts)")
MAY_HAVE_ARRIVED = Message("notify.may_have_arrived",
                           "{reason}: it may have arrived; look in the group, then Retry to send it again or Cancel")
WORKER_STOPPED = Message("notify.worker_stopped", "the worker stopped while sending it at {time}")
WORKER_STOPPED_RESENT = Message("notify.worker_stopped_resent",
                                "the worker stopped while sending it at {time}; sent again with the same key")
CHANNEL_GONE = Message("notify.channel_gone", "channel {channel} is no longer in the site file")
WAIT_SECONDS = Message("notify.wait_seconds", "{seconds} s")
WAIT_MINUTES = Message("notify.wait_minutes", "{minutes} min")
