-- Scenario 4: a urlencoded form POST of about 1 KB (a sign-up form with a long message), the
-- same bytes on every request. The server reads `username` and sets it as a cookie.
local dir = debug.getinfo(1, 'S').source:match('^@(.*/)') or './'
dofile(dir .. 'report.lua')

local message = string.rep('Lorem+ipsum+dolor+sit+amet%2C+consectetur+adipiscing+elit.+', 13)
wrk.method = 'POST'
wrk.headers['Content-Type'] = 'application/x-www-form-urlencoded'
wrk.body = 'username=ada_lovelace&email=ada%40example.com&name=Ada+Lovelace' ..
  '&subject=Notes+on+the+Analytical+Engine&newsletter=on&message=' .. message
