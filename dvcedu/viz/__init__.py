"""Pictures and tables drawn from data (a Transcript, a certificate, a list of rows).

Matplotlib is imported only by the modules that draw, so tables work without it.
"""

from dvcedu.viz.tables import Table

__all__ = ["Table"]
