"""Admin of intake (one module per part; importing the package registers the model admins)."""

from programmes.intake.admin import applications, reference  # noqa: F401
