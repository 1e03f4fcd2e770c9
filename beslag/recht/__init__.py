"""Pure law functions for bailiff steps and garnishment (no ORM): beslagvrije voet, deadlines, proportionality."""
