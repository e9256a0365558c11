"""Where the built programs are, and building them when they are not there."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import HarnessError

ROOT = Path(__file__).resolve().parent.parent


def _from_environment(name, default):
    value = os.environ.get(name)
    path = Path(value) if value else Path(default)
    return path if path.is_absolute() else ROOT / path


@dataclass(frozen=True)
class Binaries:
    """The `otplink-api` and `helpgen` of one build configuration."""

    api: Path
    helpgen: Path
    configuration: str = "debug"

    @classmethod
    def from_environment(cls, configuration="debug"):
        """`.build/<configuration>/`, or the folder in OTPLINK_BIN; OTPLINK_API_BIN and HELPGEN_BIN
        name one program each (relative paths are taken from the repository's root)."""
        folder = _from_environment("OTPLINK_BIN", ROOT / ".build" / configuration)
        return cls(api=_from_environment("OTPLINK_API_BIN", folder / "otplink-api"),
                   helpgen=_from_environment("HELPGEN_BIN", folder / "helpgen"),
                   configuration=configuration)

    def missing(self):
        """The programs that are not there (or not executable)."""
        return [path for path in (self.api, self.helpgen) if not os.access(path, os.X_OK)]

    def require(self, build=False):
        """Returns self when both programs are there. Otherwise builds them with `swift build` when
        `build` is true, else raises naming what is missing and the make target that builds it."""
        missing = self.missing()
        if missing and build:
            self.build()
            missing = self.missing()
        if missing:
            names = ", ".join(str(path) for path in missing)
            raise HarnessError(f"{names} missing: build with `swift build -c {self.configuration}` "
                               "(the make targets of the Python suites do)")
        return self

    def build(self, timeout=3600):
        """`swift build -c <configuration>` for the two products, in the repository's root."""
        for product in ("otplink-api", "helpgen"):
            command = ["swift", "build", "-c", self.configuration, "--product", product]
            finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
            if finished.returncode != 0:
                raise HarnessError(f"`{' '.join(command)}` failed ({finished.returncode}):\n"
                                   f"{(finished.stdout + finished.stderr)[-3000:]}")
