"""Deals: the buyer, the seller team, participants, time zone and fiscal year."""
