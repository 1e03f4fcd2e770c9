"""Fixtures: the debtor's payments, booked in the ledger (``inning.services``) as real receipts."""
