"""The benchmark behind `make bench`: real servers on loopback, real requests, real figures.

`python -m bench` builds a fresh SQLite database with the demo content in a temporary folder,
starts the backend, the baselines (a stock Wagtail API and a stock coupled Wagtail admin),
the frontend and the task worker on free ports, measures them (the admin with headless
Chromium), prints a table and writes `bench/results.json`. `python -m bench --only publish`
runs the publishing measurements only. See `bench/__main__.py`.
"""
