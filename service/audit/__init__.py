"""Who did what, when: every accept, edit, reject, publish and share."""
