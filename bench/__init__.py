"""The benchmark behind `make bench`: real servers on loopback, real requests, real figures.

`python -m bench` builds a fresh SQLite database with the demo content in a temporary folder,
starts the backend, a stock Wagtail API (the baseline) and the frontend under gunicorn on free
ports, measures them, prints a table and writes `bench/results.json`. See `bench/__main__.py`.
"""
