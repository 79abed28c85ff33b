#!/usr/bin/env python3
"""The webhook receiver of it/crash/run.sh's webhook run.

    python3 receiver.py PORT LOG_FILE REFUSE_FILE

Listens on 127.0.0.1:PORT; answers every POST 503 while REFUSE_FILE exists, 200 otherwise, and
appends "STATUS EVENT_ID" to LOG_FILE once the answer is sent (EVENT_ID is the body's data.id).
"""
import http.server
import json
import os
import sys
import threading

port, log_file, refuse_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status = 503 if os.path.exists(refuse_file) else 200
        try:
            event_id = json.loads(body)["data"]["id"]
        except (ValueError, KeyError, TypeError):
            event_id = "-"
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
        with lock, open(log_file, "a") as log:
            log.write(f"{status} {event_id}\n")

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
