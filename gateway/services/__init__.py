"""Use cases: receive a message (receive), list/deliver/acknowledge (delivery), issue and
serve receipts (receipts), the conversation view (conversations), retention (purge) and
the operator's reports (reports). Each takes a ``GatewayContext`` typed with the narrowest
store port it uses (``gateway.ports``); ``context`` holds the context and its snapshot."""
