"""Access control: roles, accounts and API keys, tokens, personal data and the audit chain
(docs/security.md)."""
