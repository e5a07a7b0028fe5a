#!/usr/bin/env python3
"""Relay the gateway's notifications (GATEWAY_NOTIFY_URL) to a phone or a chat.

The gateway POSTs one fixed JSON body (docs/operations.md, "Notifications"). This relay takes it, turns its
"text" and "link" into the message a Telegram bot, a chat webhook or a WhatsApp gateway expects, and answers
204 when the target took it, 502 when it did not (the gateway then tries again later). Python 3 standard
library only; run it next to the gateway and point GATEWAY_NOTIFY_URL at it, e.g.

    RELAY_TARGET=telegram TELEGRAM_BOT_TOKEN=... TELEGRAM_CHAT_ID=... python3 notify-relay.py
    GATEWAY_NOTIFY_URL=http://127.0.0.1:8099/notify

Settings (environment):
  RELAY_BIND, RELAY_PORT   where it listens (127.0.0.1:8099; 0.0.0.0 in a container next to the gateway)
  RELAY_TARGET             telegram | webhook | whatsapp
  TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID                  telegram: the bot (from @BotFather) and the group or person
  WEBHOOK_URL                                           webhook: Slack, Mattermost, Rocket.Chat or Google Chat
                                                        incoming webhook; gets {"text": ...}
  WHATSAPP_URL, WHATSAPP_TOKEN, WHATSAPP_TARGET         whatsapp: a WhatsApp gateway that takes a form POST with the
  WHATSAPP_TARGET_FIELD, WHATSAPP_MESSAGE_FIELD         number(s) and the message (fields "target" and "message" by
                                                        default, the token in the Authorization header): the shape
                                                        of several Indonesian WhatsApp gateway services; rename the
                                                        fields for yours
  RELAY_EVENTS             events to pass on, comma-separated (default: all four)

Tokens are read from the environment and never logged. The gateway's body carries no patient name.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENTS = {"JOB_FAILED", "JOB_WAITING_FOR_ORDER", "PEER_DOWN", "PEER_RECOVERED"}
ICONS = {"JOB_FAILED": "❌", "JOB_WAITING_FOR_ORDER": "⏳", "PEER_DOWN": "🔴", "PEER_RECOVERED": "🟢"}


def message(notice):
    """One message for a person: the gateway's own line, and the link to the job when there is one."""
    text = notice.get("text") or notice.get("event", "?")
    lines = [ICONS.get(notice.get("event"), "") + " " + text]
    if notice.get("link"):
        lines.append(notice["link"])
    return "\n".join(lines).strip()


def post(url, data, headers):
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status // 100 != 2:
            raise RuntimeError("HTTP %d" % response.status)


def send(text):
    target = os.environ.get("RELAY_TARGET", "")
    if target == "telegram":
        token = os.environ["TELEGRAM_BOT_TOKEN"]
        body = json.dumps({"chat_id": os.environ["TELEGRAM_CHAT_ID"], "text": text,
                           "disable_web_page_preview": True}).encode()
        post("https://api.telegram.org/bot%s/sendMessage" % token, body, {"Content-Type": "application/json"})
    elif target == "webhook":
        post(os.environ["WEBHOOK_URL"], json.dumps({"text": text}).encode(), {"Content-Type": "application/json"})
    elif target == "whatsapp":
        form = urllib.parse.urlencode({
            os.environ.get("WHATSAPP_TARGET_FIELD", "target"): os.environ["WHATSAPP_TARGET"],
            os.environ.get("WHATSAPP_MESSAGE_FIELD", "message"): text,
        }).encode()
        post(os.environ["WHATSAPP_URL"], form, {"Content-Type": "application/x-www-form-urlencoded",
                                                "Authorization": os.environ.get("WHATSAPP_TOKEN", "")})
    else:
        raise RuntimeError("RELAY_TARGET must be telegram, webhook or whatsapp")


class Relay(BaseHTTPRequestHandler):
    def do_POST(self):
        try:
            notice = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        except ValueError:
            self.send_response(400)
            self.end_headers()
            return
        wanted = {e.strip() for e in os.environ.get("RELAY_EVENTS", ",".join(EVENTS)).split(",") if e.strip()}
        try:
            if notice.get("event") in wanted:
                send(message(notice))
            self.send_response(204)
        except (urllib.error.URLError, RuntimeError, KeyError, OSError) as e:
            # The reason only: a URL here may hold a token.
            sys.stderr.write("notify-relay: %s not passed on: %s\n" % (notice.get("event"), type(e).__name__))
            self.send_response(502)
        self.end_headers()

    def log_message(self, fmt, *args):
        pass  # the request line names nothing useful; failures are written above


if __name__ == "__main__":
    bind = os.environ.get("RELAY_BIND", "127.0.0.1")
    port = int(os.environ.get("RELAY_PORT", "8099"))
    sys.stderr.write("notify-relay: listening on %s:%d, passing on to %s\n" % (bind, port, os.environ.get("RELAY_TARGET", "?")))
    ThreadingHTTPServer((bind, port), Relay).serve_forever()
