// Lists a Heroku API collection with the real node heroku-client, the way the CLI does, and prints
// {"items": [...], "responses": [{status, request_id}, ...]} as JSON so that a test can check both the
// aggregated result and that the client really followed Next-Range page by page.
//
// usage: HEROKU_API_TOKEN=... node list.js <base url> <path> <page size>
'use strict'

const Heroku = require('heroku-client')

const [host, path, pageSize] = process.argv.slice(2)
const token = process.env.HEROKU_API_TOKEN // not an argument: arguments are visible in ps
if (!host || !path || !pageSize || !token) {
  console.error('usage: HEROKU_API_TOKEN=... node list.js <base url> <path> <page size>')
  process.exit(2)
}

const responses = []
const heroku = new Heroku({
  token,
  host,
  // heroku-client logs every response it receives, including each intermediate 206 page.
  logger: { log: (r) => responses.push({ status: r.status, request_id: r.request_id }) }
})

// The client's own Range replaces its default "id ..; max=1000" on the first request only; after that
// it sends whatever Next-Range the server returned.
heroku.get(path, { headers: { Range: `id ..; max=${pageSize}` }, timeout: 20000 })
  .then((items) => {
    process.stdout.write(JSON.stringify({ items, responses }))
  })
  .catch((err) => {
    console.error(`heroku-client failed: ${err.message} ${JSON.stringify(err.body || '')}`)
    process.exit(1)
  })
