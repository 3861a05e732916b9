-- wrk script: staff enter paper ballots (bearer token in $LINLI_TOKEN) into the votes
-- $LINLI_VOTE_FIRST..$LINLI_VOTE_LAST for the owners $LINLI_OWNER_FIRST..$LINLI_OWNER_LAST, each
-- (vote, owner) pair once, owners first: POST /api/v1/votes/VOTE/ballots. Pairs run out after
-- votes x owners requests; the caller sizes the run below that and checks wrk's "Non-2xx" line.
-- $LINLI_OFFSET skips the pairs used by earlier runs.
local token = os.getenv("LINLI_TOKEN")
local vote_first = tonumber(os.getenv("LINLI_VOTE_FIRST"))
local vote_last = tonumber(os.getenv("LINLI_VOTE_LAST"))
local owner_first = tonumber(os.getenv("LINLI_OWNER_FIRST"))
local owner_last = tonumber(os.getenv("LINLI_OWNER_LAST"))
local n = tonumber(os.getenv("LINLI_OFFSET") or "0")
local owners = owner_last - owner_first + 1
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local choices = { "agree", "agree", "disagree", "abstain" }

function request()
  local owner = owner_first + n % owners
  local vote = vote_first + math.floor(n / owners)
  n = n + 1
  if vote > vote_last then vote = vote_last end  -- out of pairs: answers 409, counted as non-2xx
  local body = '{"owner_id":' .. owner .. ',"choice":"' .. choices[n % 4 + 1] ..
               '","channel":"paper","evidence":"纸质票 ' .. n .. '"}'
  return wrk.format("POST", "/api/v1/votes/" .. vote .. "/ballots", headers, body)
end
