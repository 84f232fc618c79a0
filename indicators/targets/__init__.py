"""Targets (kế hoạch) of an indicator for a place and year, and how each stands.

- `progress`: the status rule (achieved, on track, at risk, missed), series and trajectories;
- `selectors`: which targets a reader sees for a place, and where a manager may set them;
- `services`: creating, changing and deleting a target (permission checked by `indicators.permissions`);
- `forms`, `views`, `apis`: the target pages, plan versus actual, and their REST twins.
"""
