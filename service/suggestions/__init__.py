"""Review: a deal's suggestions with their evidence; accept, edit, reject, in bulk too."""
