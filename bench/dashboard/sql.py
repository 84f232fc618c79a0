"""The hand-written reference: one SQL statement computing the dashboard's figures.

It reads each organization's life from the event summary it keeps (registry.lifetime), as a person
writing the query by hand against this schema would; organizations whose latest event lies after
today (none in the benchmark data) are left out here, where the dashboard looks up their events.
It computes what the dashboard shows for a scope (here: a province, or the country): organizations
existing at each year-end by kind, founded and ended per year, HTX by field and per place today,
annual-report sums per year and kind, and ratings per year. The dashboard must stay within 2× of it.
"""

import datetime as dt

TERMINAL = ("dissolved", "bankrupt", "revoked", "converted")


def _year(backend: str, column: str) -> str:
    return (
        f"CAST(strftime('%Y', {column}) AS INTEGER)" if backend == "sqlite" else f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    )


def statement(*, backend: str, years: list[int], today: dt.date, province_id: int | None) -> tuple[str, list]:
    where = "o.province_id = %s" if province_id else "1 = 1"
    place = "o.commune_id" if province_id else "o.province_id"
    terminal = ", ".join(f"'{status}'" for status in TERMINAL)
    year_rows = " UNION ALL ".join(f"SELECT {year} AS y" for year in years)
    start_year, end_year = _year(backend, "life.start_on"), _year(backend, "life.end_on")
    report_where = "o.province_id = %s" if province_id else "1 = 1"
    sql = f"""
    WITH life AS (
        SELECT o.id, o.kind, o.field, {place} AS place,
               COALESCE(o.founded_on, o.first_event_on) AS start_on,
               CASE WHEN o.last_event_status IN ({terminal}) THEN o.last_event_on END AS end_on,
               CASE WHEN o.last_event_status IN ({terminal}) THEN o.last_event_status END AS ended_as
        FROM registry_organization o
        WHERE {where} AND (o.last_event_on IS NULL OR o.last_event_on <= %s)
    ),
    spans AS (SELECT kind, field, place, {start_year} AS sy, {end_year} AS ey, ended_as, COUNT(*) AS n FROM life
              GROUP BY kind, field, place, {start_year}, {end_year}, ended_as),
    years AS ({year_rows})
    SELECT 'count' AS figure, y AS k1, kind AS k2, SUM(n) AS v1, CAST(NULL AS NUMERIC) AS v2, CAST(NULL AS NUMERIC) AS v3
        FROM spans JOIN years ON sy <= y AND (ey IS NULL OR ey > y) GROUP BY y, kind
    UNION ALL SELECT 'founded', sy, kind, SUM(n), NULL, NULL FROM spans WHERE sy >= %s GROUP BY sy, kind
    UNION ALL SELECT 'ended', ey, kind || ':' || ended_as, SUM(n), NULL, NULL FROM spans WHERE ey >= %s GROUP BY ey, kind, ended_as
    UNION ALL SELECT 'field', 0, field, SUM(n), NULL, NULL FROM spans WHERE kind = 'htx' AND ey IS NULL GROUP BY field
    UNION ALL SELECT 'map', place, 'htx', SUM(n), NULL, NULL FROM spans WHERE kind = 'htx' AND ey IS NULL GROUP BY place
    UNION ALL SELECT 'reports', a.year, o.kind, SUM(a.members_official + a.members_associate), SUM(a.revenue), COUNT(*)
        FROM registry_annualreport a JOIN registry_organization o ON o.id = a.organization_id
        WHERE {report_where} AND a.year >= %s GROUP BY a.year, o.kind
    UNION ALL SELECT 'income', a.year, o.kind, SUM(a.average_worker_income * a.regular_workers), SUM(a.regular_workers), NULL
        FROM registry_annualreport a JOIN registry_organization o ON o.id = a.organization_id
        WHERE {report_where} AND a.year >= %s AND a.regular_workers > 0 GROUP BY a.year, o.kind
    UNION ALL SELECT 'ratings', y.year, y.rating, COUNT(*), NULL, NULL
        FROM evaluation_yearresult y JOIN registry_organization o ON o.id = y.organization_id
        WHERE {report_where} AND y.year >= %s AND o.kind = 'htx' AND y.rating <> '' GROUP BY y.year, y.rating
    """
    first = years[0]
    params = []
    if province_id:
        params.append(province_id)
    params.append(today)
    params += [first, first]
    for _part in range(3):
        if province_id:
            params.append(province_id)
        params.append(first)
    return sql, params
