"""The attack corpus (issue 5, hardening): every attack class an auditor looks for, over the
real gateway, with the protocol code it must get and the gateway still healthy afterwards."""
