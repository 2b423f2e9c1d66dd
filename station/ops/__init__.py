"""Operating the station: health and readiness, the API docs page."""
