"""Residents: the household roster, pre-registrations, household codes and the /track page."""
