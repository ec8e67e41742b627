"""Pictures of mutual information (extra ``plot``: matplotlib)."""
