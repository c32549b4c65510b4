"""The site benchmark behind `make bench` (scripts/bench-site): served pages under wrk.

wrk.py writes wrk's Lua scripts and reads its figures; bare.py is the ceiling (Django with no
database); nginx.py runs nginx as an ordinary user; report.py makes the one table; run.py ties
them together. The parent process never imports kcinema's Django settings: each catalogue is
served by `kcinema serve` in its own environment (scripts/bench_catalogue.py).
"""
