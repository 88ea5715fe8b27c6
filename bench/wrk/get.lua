-- Scenarios 1 and 2: a plain GET of the URL on wrk's command line. No request() or response()
-- function, so wrk sends one precomputed request and does not hand responses to Lua: the load
-- generator stays as cheap as it can be.
local dir = debug.getinfo(1, 'S').source:match('^@(.*/)') or './'
dofile(dir .. 'report.lua')
