"""nginx in front of several otplink-api instances, as operators run it: round robin, a failed connection
retried on the next instance, the client's address passed on in X-Forwarded-For (the instances trust
127.0.0.1). Used by check's cluster part and by bench's two-instance run.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from .errors import HarnessError
from .network import free_port
from .server import die_with_the_parent, http_call


class RoundRobinProxy:
    """nginx on a free 127.0.0.1 port sending each connection to the next of `ports` in turn.

    Without `keepalive`, every call is a new connection (the instances take turns call by call); with it,
    clients and instances keep their connections open, as under load.
    """

    def __init__(self, folder: Path, ports: list[int], keepalive: bool = False):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.port = free_port()
        self.folder = folder
        upstreams = "".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in ports)
        if keepalive:
            upstreams += "        keepalive 64;\n"
        connections = ("keepalive_timeout 60s;\n    keepalive_requests 1000000;" if keepalive else "keepalive_timeout 0;")
        upstream_connection = ("proxy_http_version 1.1;\n            proxy_set_header Connection \"\";" if keepalive else "")
        config = folder / "nginx.conf"
        config.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {connections}
    client_body_temp_path {folder}/client-body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size 100m;
    upstream otplink {{
{upstreams}    }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
            proxy_pass http://otplink;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            {upstream_connection}
        }}
    }}
}}
""")
        self.process = subprocess.Popen([nginx, "-c", str(config)], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        preexec_fn=die_with_the_parent)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(f"nginx exited while starting: {self.process.stderr.read().decode(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise HarnessError("nginx did not listen within 20 s")

    def call(self, method: str, path: str, body=None, **kwargs):
        """One call through the proxy (`http_call`)."""
        return http_call(self.port, method, path, body=body, **kwargs)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
