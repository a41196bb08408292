"""Chinese full-text search: segmentation, backends and the citizen search page."""
