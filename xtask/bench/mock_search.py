"""A local mock MISP for `cargo xtask bench`: POST /attributes/restSearch answers
{"response": {"Attribute": [...]}} of about BYTES bytes, generated while it is sent (the mock
holds one block of 1,000 attributes, not the body), with a Content-Length and the
X-Result-Count header a real server sends. Enough of the rest for PyMISP's constructor.

Usage: python mock_search.py BYTES   prints `PORT ITEMS` on its first line, serves until killed.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BLOCK_ITEMS = 1000


def attribute(i):
    return {
        "id": str(i + 1), "event_id": "12", "object_id": "0", "object_relation": None,
        "category": "Network activity", "type": "ip-dst", "to_ids": True,
        "uuid": f"00000000-0000-4000-8000-{i:012d}", "timestamp": "1715767121",
        "distribution": "5", "sharing_group_id": "0", "comment": "seen scanning",
        "deleted": False, "disable_correlation": False, "first_seen": None, "last_seen": None,
        "value": f"198.51.{(i // 256) % 256}.{i % 256}",
        "Event": {"org_id": "1", "distribution": "0", "id": "12", "info": "Scanning hosts",
                  "orgc_id": "1", "uuid": "5a2f5f53-7b4c-4c5e-9a8e-2f2e0b1c3d4e", "user_id": "1"},
    }


BLOCK = ",".join(json.dumps(attribute(i), separators=(",", ":")) for i in range(BLOCK_ITEMS)).encode()
HEAD = b'{"response":{"Attribute":['
TAIL = b"]}}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    blocks = 1

    def log_message(self, *args):
        pass

    def send_json(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if "getPyMISPVersion" in self.path:
            self.send_json(200, {"version": "2.5.34"})
        elif "getVersion" in self.path:
            self.send_json(200, {"version": "2.5.1", "perm_sync": False, "perm_sighting": False})
        elif "users/view/me" in self.path:
            self.send_json(200, {"User": {"id": "1", "email": "bench@example.org", "org_id": "1"},
                                 "Role": {"id": "1", "name": "admin"}, "UserSetting": []})
        else:
            self.send_json(404, {"name": "Not found", "message": "Not found", "url": self.path})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if "attributes/restSearch" not in self.path:
            self.send_json(404, {"name": "Not found", "message": "Not found", "url": self.path})
            return
        n = self.blocks
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(HEAD) + n * len(BLOCK) + (n - 1) + len(TAIL)))
        self.send_header("X-Result-Count", str(n * BLOCK_ITEMS))
        self.end_headers()
        out = self.wfile
        out.write(HEAD)
        for i in range(n):
            if i:
                out.write(b",")
            out.write(BLOCK)
        out.write(TAIL)


def main():
    Handler.blocks = max(1, int(sys.argv[1]) // len(BLOCK))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], Handler.blocks * BLOCK_ITEMS, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
