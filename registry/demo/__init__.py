"""Generators of believable demo and benchmark data for the registry.

`registry.management.commands.registry_demo_load` (the demo province) and `bench.datasets` (national
scale) both call `populate_province`, so the demo and the benchmarks share one set of rules.
"""
