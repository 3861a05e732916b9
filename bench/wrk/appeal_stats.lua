-- wrk script: the figures of a unit (the district) over a period, as the district's official
-- (bearer token in $LINLI_TOKEN); the URL given to wrk is
--   /api/v1/stats/appeals?unit_id=DISTRICT&from=YYYY-MM&to=YYYY-MM
-- The caller checks wrk's "Non-2xx" line.
local token = os.getenv("LINLI_TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
