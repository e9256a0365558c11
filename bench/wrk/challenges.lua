-- POST /api/v1/links/{token}/challenges, each request with an address no request used before.
-- Arguments (after --): the link token, a run tag that keeps addresses distinct across runs.
dofile("report.lua")

local next_thread = 1
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  path = "/api/v1/links/" .. args[1] .. "/challenges"
  tag = args[2] or "run"
  sent = 0
end

function request()
  sent = sent + 1
  local body = string.format('{"email":"reader-%s-%d-%d@example.com"}', tag, thread_number, sent)
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end
