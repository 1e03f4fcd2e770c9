"""The day's bank statements: read a CAMT.053 or MT940 file (``lezen``), store it, and book it
(``services``): each credit becomes a receipt, matched to its dossier (``matching``) or waiting with
suggestions (``suggesties``); each debit returns a receipt or confirms one of our payouts. The rows
(``Bankafschrift``, ``Bankregel``) and the money rules are the money app's (``inning``); this app sits
above the payout app, so a debit can confirm a payout with a plain import.
"""
