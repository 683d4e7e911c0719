"""The errors bonetrack raises on purpose.

The CLI's single entry point turns each into one `Error: ...` line on stderr and
its exit code; anything else is a bug and gets a traceback only under --debug.
"""


class BonetrackError(Exception):
    """A failure the user can understand and act on."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(BonetrackError):
    """A bad argument or value: nothing was written."""

    exit_code = 2


class StoreError(BonetrackError):
    """The database could not be opened, read or written."""

    exit_code = 1
