-- GET /v2.0/vpc/peerings/{id} over a file of "token id" lines (each id is the token's project's).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local rows = read_lines(os.getenv("BENCH_TOKENS"))
local counter = 0

function request()
   counter = counter + 1
   local row = rows[((counter * 7919 + thread_number) % #rows) + 1]
   return wrk.format("GET", "/v2.0/vpc/peerings/" .. row[2], {["X-Auth-Token"] = row[1]})
end
