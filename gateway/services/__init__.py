"""Use cases: receive a message, list/deliver/acknowledge, issue and serve receipts."""
