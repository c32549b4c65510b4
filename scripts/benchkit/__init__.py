"""The site benchmark behind `make bench` (scripts/bench-site): served pages under wrk.

wrk.py writes wrk's Lua scripts and reads its figures; serving.py starts, waits for and stops
the servers (scripts/search_benchmark.py uses both too); bare.py is the ceiling (Django with no
database); nginx.py runs nginx with the deployment guide's configuration as an ordinary user;
report.py makes the one table; run.py ties them together. The parent process never imports
kcinema's Django settings: each catalogue is served by `kcinema serve` in its own environment
(scripts/bench_catalogue.py).
"""
