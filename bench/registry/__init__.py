"""Registry list and search timings (`python -m bench.registry`)."""
