-- Helpers for the scenario scripts. Inputs come from environment variables set by bench.py:
-- BENCH_LUA_DIR (this folder), BENCH_TOKENS (a file of "token [id]" lines).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

function read_lines(path)
   local rows = {}
   for line in io.lines(path) do
      local fields = {}
      for field in line:gmatch("%S+") do fields[#fields + 1] = field end
      if #fields > 0 then rows[#rows + 1] = fields end
   end
   return rows
end

-- Each wrk thread gets its own number, so that generated ids never collide between threads.
local next_thread = 0
function setup(thread)
   thread:set("thread_number", next_thread)
   next_thread = next_thread + 1
end
