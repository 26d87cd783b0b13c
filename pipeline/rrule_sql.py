"""SQL macros that read an iCalendar RRULE in DuckDB, so the store's views (and any SQL client) see
the next occurrence of a recurring duty without Python. They follow python-dateutil's rrule for the
parts the extractor writes (FREQ DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, BYMONTH, BYMONTHDAY incl.
negative days, BYDAY incl. "1MO"/"-1FR" within a month, COUNT, UNTIL); tests check them against it."""

from __future__ import annotations

RRULE_MACROS: list[str] = [
    # One part of an RRULE ("BYMONTHDAY" of "FREQ=MONTHLY;BYMONTHDAY=25" → '25'), NULL when absent.
    """CREATE OR REPLACE MACRO rrule_part(rule, name) AS
nullif(regexp_extract(';' || rule || ';', ';' || name || '=([^;]*);', 1), '')""",
    # Numbers of a list part ('6,12' → [6, 12]), NULL when absent.
    """CREATE OR REPLACE MACRO rrule_ints(rule, name) AS
TRY_CAST(string_split(rrule_part(rule, name), ',') AS INTEGER[])""",
    # INTERVAL, 1 when absent or unreadable (0 would divide by zero).
    """CREATE OR REPLACE MACRO rrule_interval(rule) AS
coalesce(nullif(abs(try_cast(rrule_part(rule, 'INTERVAL') AS INTEGER)), 0), 1)""",
    # Whether day d is an occurrence of `rule` counted from `anchor` (its DTSTART), as dateutil reads it.
    """CREATE OR REPLACE MACRO rrule_hit(rule, anchor, d) AS
d >= anchor
AND (rrule_part(rule, 'UNTIL') IS NULL OR d <= try_strptime(left(rrule_part(rule, 'UNTIL'), 8), '%Y%m%d')::DATE)
AND CASE rrule_part(rule, 'FREQ')
  WHEN 'DAILY' THEN (d - anchor) % rrule_interval(rule) = 0
  WHEN 'WEEKLY' THEN ((d - (anchor - CAST(isodow(anchor) - 1 AS INTEGER))) // 7)
    % rrule_interval(rule) = 0
  WHEN 'MONTHLY' THEN (12 * (year(d) - year(anchor)) + month(d) - month(anchor))
    % rrule_interval(rule) = 0
  WHEN 'YEARLY' THEN (year(d) - year(anchor)) % rrule_interval(rule) = 0
  ELSE false END
AND (rrule_part(rule, 'BYMONTH') IS NOT NULL AND list_contains(rrule_ints(rule, 'BYMONTH'), month(d))
  OR rrule_part(rule, 'BYMONTH') IS NULL AND (rrule_part(rule, 'FREQ') <> 'YEARLY'
    OR rrule_part(rule, 'BYMONTHDAY') IS NOT NULL OR rrule_part(rule, 'BYDAY') IS NOT NULL
    OR month(d) = month(anchor)))
AND (rrule_part(rule, 'BYMONTHDAY') IS NOT NULL AND (list_contains(rrule_ints(rule, 'BYMONTHDAY'), day(d))
    OR list_contains(rrule_ints(rule, 'BYMONTHDAY'), day(d) - day(last_day(d)) - 1))
  OR rrule_part(rule, 'BYMONTHDAY') IS NULL AND (rrule_part(rule, 'BYDAY') IS NOT NULL
    OR rrule_part(rule, 'FREQ') IN ('DAILY', 'WEEKLY') OR day(d) = day(anchor)))
AND (rrule_part(rule, 'BYDAY') IS NOT NULL AND list_has_any(string_split(rrule_part(rule, 'BYDAY'), ','), [
    ['SU','MO','TU','WE','TH','FR','SA'][dayofweek(d) + 1],
    ((day(d) - 1) // 7 + 1)::VARCHAR || ['SU','MO','TU','WE','TH','FR','SA'][dayofweek(d) + 1],
    '+' || ((day(d) - 1) // 7 + 1)::VARCHAR || ['SU','MO','TU','WE','TH','FR','SA'][dayofweek(d) + 1],
    '-' || ((day(last_day(d)) - day(d)) // 7 + 1)::VARCHAR || ['SU','MO','TU','WE','TH','FR','SA'][dayofweek(d) + 1]])
  OR rrule_part(rule, 'BYDAY') IS NULL AND (rrule_part(rule, 'FREQ') <> 'WEEKLY' OR isodow(d) = isodow(anchor)))""",
    # The first occurrence on or after `today` (NULL when the rule has ended or cannot be read);
    # days are tried from the anchor so that COUNT can be honoured, up to four years past today.
    """CREATE OR REPLACE MACRO rrule_next(rule, anchor, today) AS (
SELECT min(d) FROM (
  SELECT d, row_number() OVER (ORDER BY d) AS n
  FROM (SELECT CAST(g AS DATE) AS d FROM generate_series(CAST(anchor AS TIMESTAMP),
        CASE WHEN rrule_part(rule, 'FREQ') IN ('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY')
          THEN CAST(greatest(today, anchor) AS TIMESTAMP) + INTERVAL 1461 DAY
          ELSE CAST(anchor AS TIMESTAMP) - INTERVAL 1 DAY END,  -- no rule: no days to try
        INTERVAL 1 DAY) AS s(g))
  WHERE rrule_hit(rule, anchor, d))
WHERE d >= today AND (rrule_part(rule, 'COUNT') IS NULL OR n <= try_cast(rrule_part(rule, 'COUNT') AS INTEGER)))""",
]
