"""What the benchmarks that drive `rasim serve` share: a free port, the demo's password, a server started and
stopped (SIGTERM, then SIGKILL 30 s later), and the inspector's session."""
import http.client
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_password():
    text = (ROOT / "Sources" / "Platform" / "WebServer" / "Demo.swift").read_text()
    return re.search(r'static let password = "([^"]+)"', text).group(1)


class Server:
    def __init__(self, binary, database, extra=(), env=None, ready_within=7200):
        self.port = free_port()
        self.proc = subprocess.Popen([str(binary), "serve", "--database", str(database), "--port", str(self.port), *extra],
                                     env=dict(os.environ, RASIM_LOG_LEVEL="warning", **(env or {})),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + ready_within
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("the server stopped: " + self.proc.stderr.read()[-2000:])
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("the server did not start in time")

    def request(self, method, path, body=None, headers=None, timeout=3600):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, r.getheaders(), r.read()
        finally:
            c.close()

    def memory(self):
        """(VmRSS, VmHWM) in MiB."""
        text = Path(f"/proc/{self.proc.pid}/status").read_text()
        kb = {k: int(re.search(rf"{k}:\s+(\d+)", text).group(1)) for k in ("VmRSS", "VmHWM")}
        return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def sign_in(server, username="inspector"):
    status, headers, body = server.request("GET", "/signin")
    cookie = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
    csrf = re.search(rb'name="csrf" value="([0-9a-f]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrf": csrf, "username": username, "password": demo_password()})
    status, headers, _ = server.request("POST", "/signin", form, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    if status != 303:
        raise SystemExit(f"sign-in answered {status}")
    return "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
