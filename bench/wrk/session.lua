-- Scenario 3: GET /counter with a cookie jar per wrk thread, so every request carries the
-- session cookie the server set last: the server really verifies, increments and re-signs it.
--
-- The connections of a thread share its jar, so a response may carry a count that another
-- connection already passed; that is harmless. What must not happen is a server reading the
-- cookie as invalid: it would answer 1 again. `resets` counts the answers "1"; the harness
-- accepts at most one per connection (the first requests go out before any cookie came back).
--
-- wrk hands a script only the last header of a given name. cookie-session (Express) sends its
-- value and its signature as two Set-Cookie headers, `session` then `session.sig`, so for a
-- `NAME.sig` cookie the script rebuilds `NAME` from the count in the body: cookie-session's value
-- is base64 of the JSON `{"count":N}`. The signature sent back is still the server's, so the
-- server verifies and re-signs exactly as it would for a browser (a wrong rebuild shows as resets).
local dir = debug.getinfo(1, 'S').source:match('^@(.*/)') or './'
dofile(dir .. 'report.lua')

resets = 0
local jar = {}
local order = {}
local request_with_cookies = nil

local alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

local function base64(text)
  local out = {}
  for i = 1, #text, 3 do
    local a, b, c = text:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = 4 - (3 - (#text - i + 1 >= 3 and 3 or #text - i + 1))
    for k = 1, 4 do
      if k <= chars then
        local index = math.floor(n / 64 ^ (4 - k)) % 64 + 1
        out[#out + 1] = alphabet:sub(index, index)
      else
        out[#out + 1] = '='
      end
    end
  end
  return table.concat(out)
end

local function remember(name, value)
  if jar[name] == nil then order[#order + 1] = name end
  jar[name] = value
end

local function rebuild()
  local pairs_ = {}
  for _, name in ipairs(order) do pairs_[#pairs_ + 1] = name .. '=' .. jar[name] end
  request_with_cookies = wrk.format(nil, nil, { Cookie = table.concat(pairs_, '; ') })
end

function request()
  return request_with_cookies or wrk.format()
end

function response(status, headers, body)
  if body == '1' then resets = resets + 1 end
  local header = headers['Set-Cookie'] or headers['set-cookie']
  if header == nil then return end
  local name, value = header:match('^%s*([^=;%s]+)=([^;]*)')
  if name == nil then return end
  remember(name, value)
  local base = name:match('^(.+)%.sig$')
  if base ~= nil then remember(base, base64('{"count":' .. body .. '}')) end
  rebuild()
end
