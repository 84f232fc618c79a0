"""The home page: the officers' dashboard (`figures`) and the public overview (`public`), with their
views. Each entry point enters `computing()` itself, so the page's figures share their queries."""
