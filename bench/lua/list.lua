-- GET /v2.0/vpc/peerings?limit=100&<filter> with an admin token (every project's rows), walking
-- pages: the next request continues from the last page's marker, and starts over at the end.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local token = read_lines(os.getenv("BENCH_TOKENS"))[1][1]
local filter = os.getenv("BENCH_LIST_FILTER")
local marker = nil

function request()
   local path = "/v2.0/vpc/peerings?limit=100&" .. filter
   if marker then path = path .. "&marker=" .. marker end
   return wrk.format("GET", path, {["X-Auth-Token"] = token})
end

function response(status, headers, body)
   -- The last id of the page is the next marker; a short page means the end: start over.
   local last = nil
   local count = 0
   for id in body:gmatch('"id"%s*:%s*"([0-9a-f%-]+)"') do
      last = id
      count = count + 1
   end
   if status == 200 and count >= 100 then marker = last else marker = nil end
end
