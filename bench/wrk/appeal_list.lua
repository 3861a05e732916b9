-- wrk script: a page of an estate's open problems, as the district's official (bearer token in
-- $LINLI_TOKEN). Walks round-robin over the estates $LINLI_ESTATE_FIRST..$LINLI_ESTATE_LAST (ids),
-- so that every request reads another estate's index range:
--   GET /api/v1/appeals?unit_id=ESTATE&status=open&page_size=20
-- No response() hook (it would make wrk hand every body to Lua); the caller checks wrk's
-- "Non-2xx" line.
local token = os.getenv("LINLI_TOKEN")
local first = tonumber(os.getenv("LINLI_ESTATE_FIRST"))
local last = tonumber(os.getenv("LINLI_ESTATE_LAST") or first)
local requests = {}
local n = 0

function init(args)
  local headers = { ["Authorization"] = "Bearer " .. token }
  for estate = first, last do
    requests[#requests + 1] =
      wrk.format("GET", "/api/v1/appeals?unit_id=" .. estate .. "&status=open&page_size=20",
                 headers)
  end
end

function request()
  n = n % #requests + 1
  return requests[n]
end
