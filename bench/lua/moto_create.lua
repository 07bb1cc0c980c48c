-- moto_server: CreateVpcPeeringConnection over the EC2 Query API, VPC pairs in turn from a file
-- of "vpc-a vpc-b" lines. moto checks no signature but reads the region from the credential
-- scope of the Authorization header.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local rows = read_lines(os.getenv("BENCH_TOKENS"))
local counter = 0
local auth = "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/ec2/aws4_request, " ..
             "SignedHeaders=host, Signature=0"

function request()
   counter = counter + 1
   local row = rows[(counter % #rows) + 1]
   local body = "Action=CreateVpcPeeringConnection&Version=2016-11-15&VpcId=" .. row[1] ..
                "&PeerVpcId=" .. row[2]
   return wrk.format("POST", "/", {["Authorization"] = auth,
                                   ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
