"""bonetrack: a personal bone-health tracker for the command line."""

__version__ = "0.1.0"
