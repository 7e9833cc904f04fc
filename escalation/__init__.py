"""Hand-over to a person: the policy that decides it, the agent queue and the hand-over states."""
