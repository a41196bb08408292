"""The example site's demo content: the data, the diagrams drawn for it, and the function that loads it."""

from .loader import ADMIN_PASSWORD, ADMIN_USERNAME, DemoContentError, LoadResult, load_demo

__all__ = ["ADMIN_PASSWORD", "ADMIN_USERNAME", "DemoContentError", "LoadResult", "load_demo"]
