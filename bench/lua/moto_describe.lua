-- moto_server: DescribeVpcPeeringConnections by id, ids in turn from a file of "pcx-..." lines.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local rows = read_lines(os.getenv("BENCH_TOKENS"))
local counter = 0
local auth = "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/ec2/aws4_request, " ..
             "SignedHeaders=host, Signature=0"

function request()
   counter = counter + 1
   local row = rows[((counter * 7919 + thread_number) % #rows) + 1]
   local body = "Action=DescribeVpcPeeringConnections&Version=2016-11-15&VpcPeeringConnectionId.1=" .. row[1]
   return wrk.format("POST", "/", {["Authorization"] = auth,
                                   ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
