-- POST /v2.0/vpc/peerings with a fresh VPC pair every time (pair uniqueness, spec §6.4), as
-- projects taken in turn from the token file. Same-project pairs: created ACTIVE, 201.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local rows = read_lines(os.getenv("BENCH_TOKENS"))
local nonce = tonumber(os.getenv("BENCH_NONCE"))
local counter = 0

function request()
   counter = counter + 1
   local token = rows[(counter % #rows) + 1][1]
   local prefix = string.format("%08x-%04x-4", nonce, thread_number)
   local body = string.format(
      '{"peering":{"name":"bench-%d","request_vpc_info":{"vpc_id":"%s000-8000-%012x"},' ..
      '"accept_vpc_info":{"vpc_id":"%s001-8000-%012x"}}}', counter, prefix, counter, prefix, counter)
   return wrk.format("POST", "/v2.0/vpc/peerings",
                     {["X-Auth-Token"] = token, ["Content-Type"] = "application/json"}, body)
end
