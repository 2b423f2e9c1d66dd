"""Cross-cutting web pieces: dependencies, security, rate limits, i18n."""
