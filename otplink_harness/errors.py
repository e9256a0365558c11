"""The one error the harness raises."""


class HarnessError(RuntimeError):
    """A program could not be found, built, started or called; the message says which step and why
    (with the end of the program's output or log when there is one)."""
