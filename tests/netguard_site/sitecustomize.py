"""Loaded by server processes that tests start: installs the network guard, logging attempts to a file."""

import os

if os.environ.get("COMPTOIR_NETGUARD_LOG"):
    from tests.netguard import NetworkGuard

    NetworkGuard(log=os.environ["COMPTOIR_NETGUARD_LOG"]).install()
