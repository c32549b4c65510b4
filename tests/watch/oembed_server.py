"""A local stand-in for the hosts' oEmbed endpoints, answering in their real formats.

The answer depends on the video id in the `url` parameter: ids containing "gone" get 404 (the
video was removed), "private" 401 (embedding disabled), "slow" nothing in time, "junk" a 200
with an HTML page, "oops" a 500; any other id the JSON a host returns for a playable video."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PLAYABLE = {
    "type": "video",
    "version": "1.0",
    "title": "Miracle in Cell No. 7 - Official Trailer",
    "author_name": "Next Entertainment World",
    "author_url": "https://www.youtube.com/@NEW",
    "provider_name": "YouTube",
    "provider_url": "https://www.youtube.com/",
    "thumbnail_url": "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
    "thumbnail_width": 480,
    "thumbnail_height": 360,
    "html": '<iframe width="200" height="113" src="https://www.youtube.com/embed/x"></iframe>',
    "width": 200,
    "height": 113,
}


class OEmbedHandler(BaseHTTPRequestHandler):
    slow_seconds = 2.0

    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        video = query.get("url", [""])[0]
        self.server.requests.append(self.path)
        if "gone" in video:
            self.answer(404, b"Not Found", "text/html")
        elif "private" in video:
            self.answer(401, b"Unauthorized", "text/html")
        elif "oops" in video:
            self.answer(500, b"Internal Server Error", "text/html")
        elif "junk" in video:
            self.answer(200, b"<!doctype html><title>Consent</title>", "text/html")
        elif "slow" in video:
            time.sleep(self.slow_seconds)
            self.answer(200, json.dumps(PLAYABLE).encode(), "application/json")
        else:
            self.answer(200, json.dumps(PLAYABLE).encode(), "application/json")

    def answer(self, status, body, content_type):
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as a timed-out check does

    def log_message(self, *args):
        pass


class OEmbedServer:
    def __enter__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), OEmbedHandler)
        self.httpd.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
