"""searchapp: full-text search over saved news articles."""
