-- SPDX-License-Identifier: Apache-2.0
-- wrk script: one contact_arrived event per POST /api/v1/events, each with a fresh contact id
-- (docs/benchmarks.md, "Server end to end"). TOKEN and BATCH come from the environment.
local token = os.getenv("TOKEN")
local batch = tonumber(os.getenv("BATCH") or "1")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
function request()
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local parts = {}
  for i = 1, batch do
    n = n + 1
    parts[i] = string.format(
      '{"type":"contact_arrived","time":"%s","contact":"w%d-%d","queue":"voice-general","customer":"cust-%d"}',
      now, tid, n, n % 5000)
  end
  local body = batch == 1 and parts[1] or ("[" .. table.concat(parts, ",") .. "]")
  return wrk.format("POST", "/api/v1/events",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
                    body)
end
