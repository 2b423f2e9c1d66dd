"""Email over SMTP (STARTTLS when asked, implicit TLS on port 465).

The Message-ID comes from the dedupe key, so a message sent again after a worker crash has
the same Message-ID and mail clients that collapse duplicates show it once.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from station.catalogue import notify as text
from station.notify.channels.base import ChannelError, OutgoingMessage
from station.site import Channel

RESEND_SAFE = True
TIMEOUT_SECONDS = 10


def message_id(dedupe_key: str, sender: str) -> str:
    domain = sender.rsplit("@", 1)[-1]
    return f"<{hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]}@{domain}>"


def build(message: OutgoingMessage, config: Channel) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = config.smtp_from or ""
    mail["To"] = ", ".join(config.smtp_to)
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = message_id(message.dedupe_key, config.smtp_from or "station.local")
    mail["X-Station-Dedupe-Key"] = message.dedupe_key
    mail.set_content(message.body)
    return mail


def send(message: OutgoingMessage, config: Channel) -> None:
    host = f"{config.smtp_host}:{config.smtp_port}"
    mail = build(message, config)
    try:
        smtp = _connect(config)
    except (OSError, smtplib.SMTPException) as exc:
        raise ChannelError(text.MAIL_UNREACHABLE(host=host, error=str(exc))) from None
    with smtp:
        _start(smtp, config, host)
        try:
            smtp.send_message(mail)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
            raise ChannelError(text.MAIL_ADDRESSES(host=host, error=str(exc)), retryable=False) from None
        except smtplib.SMTPResponseException as exc:
            raise ChannelError(text.MAIL_ANSWERED(host=host, status=exc.smtp_code),
                               retryable=exc.smtp_code < 500) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(text.MAIL_WENT_AWAY(host=host, error=str(exc)), maybe_delivered=True) from None


def _start(smtp: smtplib.SMTP, config: Channel, host: str) -> None:
    """TLS and login: a failure here is before anything was sent."""
    try:
        if config.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if config.smtp_user:
            smtp.login(config.smtp_user, config.secret or "")
    except smtplib.SMTPAuthenticationError as exc:
        raise ChannelError(text.MAIL_LOGIN(host=host, status=exc.smtp_code), retryable=False) from None
    except smtplib.SMTPNotSupportedError:
        raise ChannelError(text.MAIL_NO_STARTTLS(host=host), retryable=False) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(text.MAIL_FAILED_BEFORE(host=host, error=str(exc))) from None


def _connect(config: Channel) -> smtplib.SMTP:
    if config.smtp_port == 465:
        return smtplib.SMTP_SSL(config.smtp_host or "", config.smtp_port, timeout=TIMEOUT_SECONDS,
                                context=ssl.create_default_context())
    return smtplib.SMTP(config.smtp_host or "", config.smtp_port, timeout=TIMEOUT_SECONDS)
