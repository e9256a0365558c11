"""The one harness of the Python suites (browser/, check/, bench/): it locates (and can build) the
programs, runs `helpgen`, starts and stops `otplink-api` on 127.0.0.1, and reads the code mails it
writes, so every suite drives the real programs the same way.

    from otplink_harness import ApiServer, Binaries, build_site

    binaries = Binaries.from_environment()          # .build/debug, or OTPLINK_BIN, ...
    with ApiServer(binaries.api, data=folder / "data", log_path=folder / "server.log") as server:
        link = server.create_link(["bob@example.com"], sender="alice@example.com")
        ...
        code = server.outbox.wait_for("bob@example.com")[0].code()

The virtual environment `make` builds (.venv) puts the repository on its path, so any of its Pythons
imports this package.
"""

from .binaries import ROOT, Binaries
from .directory import big_directory
from .errors import HarnessError
from .helpgen import build_site, run_helpgen
from .mail import CodeMail, Outbox
from .network import free_port
from .postgres import ThrowawayPostgres
from .proxy import RoundRobinProxy
from .server import TEMPLATES, ApiServer, Response, die_with_the_parent, http_call
from .waiting import wait_until

__all__ = ["ROOT", "TEMPLATES", "ApiServer", "Binaries", "CodeMail", "HarnessError", "Outbox", "Response", "RoundRobinProxy", "ThrowawayPostgres",
           "big_directory", "build_site", "die_with_the_parent", "free_port", "http_call", "run_helpgen", "wait_until"]
