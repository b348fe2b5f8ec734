"""The inspection app's pages: lists (lists.py), the unit reporter's pages
(reporting.py), the staff workspace (workspace.py) and the home page (home.py)."""
