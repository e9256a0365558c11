#!/usr/bin/python3
"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a server on a free
127.0.0.1 port, removed again when the caller goes away.

Prints `READY <port> <folder>` once the server accepts connections (role `otplink`, trust authentication
on loopback only, database `postgres`), then waits until its standard input closes (the test process
ended, however it ended) and stops the server and removes the folder. PostgreSQL refuses to run as
root, so as root the cluster belongs to the unprivileged user `postgres` (Debian's package creates it)
and its programs run as that user through setpriv.

A line `restart` on standard input stops the server (fast shutdown) and starts it again on the same
port; the script answers `RESTARTED`. The cluster test uses it to restart the database under load.

Usage: throwaway_postgres.py [--durable]   (without --durable: fsync off, for fast tests)
"""
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def binary_folder():
    """Debian keeps initdb and postgres in /usr/lib/postgresql/<version>/bin, off PATH."""
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0)
    for folder in reversed(folders):
        if os.path.exists(os.path.join(folder, "initdb")):
            return folder
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    sys.exit("no PostgreSQL server programs found (is Debian's postgresql installed? `make test` installs it)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    durable = "--durable" in sys.argv[1:]
    bindir = binary_folder()
    folder = tempfile.mkdtemp(prefix="otplink-postgres-")
    data = os.path.join(folder, "data")
    prefix = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"]
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    server = None
    try:
        subprocess.run(
            prefix + [os.path.join(bindir, "initdb"), "-D", data, "-U", "otplink", "--auth=trust", "-E", "UTF8", "--no-sync"],
            cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port = free_port()
        settings = ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={folder}",
                    "-c", "max_connections=400", "-c", "shared_buffers=32MB"]
        if not durable:
            settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        command = prefix + [os.path.join(bindir, "postgres"), "-D", data, "-p", str(port)] + settings
        server = start_server(command, bindir, port, folder, env)
        print(f"READY {port} {folder}", flush=True)
        for line in sys.stdin:  # Until the caller goes away.
            if line.strip() == "restart":
                stop_server(server)
                server = start_server(command, bindir, port, folder, env)
                print("RESTARTED", flush=True)
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(folder, ignore_errors=True)


def start_server(command, bindir, port, folder, env):
    """Starts the server and waits (bounded) until it accepts connections."""
    log = open(os.path.join(folder, "server.log"), "a")
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        ready = subprocess.run([os.path.join(bindir, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)])
        if ready.returncode == 0:
            return server
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            with open(os.path.join(folder, "server.log")) as f:
                sys.exit("PostgreSQL did not start:\n" + f.read())
        time.sleep(0.05)


def stop_server(server):
    """Fast shutdown (SIGINT): open transactions are rolled back, clients are disconnected."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))  # Ctrl-C in make run-cluster: stop quietly
    main()
