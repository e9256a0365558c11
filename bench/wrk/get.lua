-- GET of the URL given on wrk's command line (/healthz, /api/v1/links/{token}, static pages).
dofile("report.lua")
