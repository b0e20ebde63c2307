"""Qamqor: case management and monitoring for special social services."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("qamqor")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
