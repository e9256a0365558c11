-- POST /api/v1/challenges/{id}/verify with a wrong code, cycling through prepared challenges.
-- Argument (after --): a file with one challenge id a line. Every answer is 400 invalid_code.
dofile("report.lua")

local next_thread = 1
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  ids = {}
  for line in io.lines(args[1]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("verify.lua: no challenge ids in " .. args[1]) end
  position = (thread_number * 7919) % #ids
end

function request()
  position = position % #ids + 1
  return wrk.format("POST", "/api/v1/challenges/" .. ids[position] .. "/verify",
    { ["Content-Type"] = "application/json" }, '{"code":"000000"}')
end
