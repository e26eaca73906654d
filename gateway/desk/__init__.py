"""The desk: a local web application for the people who write and read meerzorgplannen.

One desk serves one participant. Its keys stay in the desk process: signing,
encryption and decryption go through ``gateway.client`` exactly as the CLI does;
forms are checked locally with the gateway's own XSDs and rules
(``gateway.messagetypes``) before anything is sent.
"""
