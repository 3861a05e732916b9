-- wrk script: GET the path given on the command line with the bearer token from $LINLI_TOKEN.
local token = os.getenv("LINLI_TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
