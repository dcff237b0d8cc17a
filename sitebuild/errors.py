"""The build's one error type: an example that cannot be built as written.

Every stage raises it with a message that names the file, the cell or line
where there is one, and what to do; the pipeline contains it (and any other
exception) to the example that raised it.
"""


class ExampleError(Exception):
    """An example cannot be built as written; the message says where and why."""


class ArtifactError(ExampleError):
    """What the build wrote cannot be trusted: unreadable, or not what it wrote.

    The message names the file and says how to make it again.
    """
