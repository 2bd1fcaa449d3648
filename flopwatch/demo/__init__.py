"""What the main job runs on without internet: a local arXiv endpoint and sample papers."""
