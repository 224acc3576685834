"""The editing loop (`printprog serve`, `printprog watch`): a warm session that rebuilds on save.

Above build in the layers, like the CLI: `session.py` (memory between builds), `tracking.py`
(which film fields a block read), `pages.py` (PNGs of changed pages), `loop.py` (watch and
rebuild, a generation counter against races), `server.py` + `static/` (the loopback page).
"""
