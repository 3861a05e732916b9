-- wrk script: a resident files a problem in their estate (bearer token in $LINLI_TOKEN, estate id
-- in $LINLI_ESTATE): POST /api/v1/appeals, category sanitation, a public place as text.
-- The caller checks wrk's "Non-2xx" line.
local token = os.getenv("LINLI_TOKEN")
local estate = os.getenv("LINLI_ESTATE")
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"estate_id":' .. estate .. ',"category":"sanitation",' ..
           '"description":"楼道堆放杂物，影响通行，请尽快清理",' ..
           '"place":{"text":"3号楼2单元楼道"},"channel":"self"}'
