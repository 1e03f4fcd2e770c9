"""The law as code: pure functions for arrears, indexation, limitation, allocation, interest and commission.

No ORM and no Django in this package: typed dataclasses in, dataclasses out. Tables (indexation percentages,
statutory interest rates, commission) are passed in as plain data by the callers (``tarieven.selectors``),
so every rule can be tested with hand-computed examples.
"""

from recht.fouten import OngeldigeInvoer, TariefOntbreekt

__all__ = ["OngeldigeInvoer", "TariefOntbreekt"]
