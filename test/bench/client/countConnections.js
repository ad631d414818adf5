// Preloaded into a bench process (`node -r`): for each HTTP server in it that answers /api/v1/
// (the fake OpenRouter), counts the TCP connections it accepted and the /api/v1/ requests it served, and
// writes the totals as JSON to the file named by FLASHLIGHT_COUNT_CONNECTIONS when the process
// exits. The bench itself is not changed, so any tree's own bench can be counted alike.
'use strict';

const fs = require('fs');
const http = require('http');

const servers = new Map(); // server -> { connections, requests, api }
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  let entry = servers.get(this);
  if (!entry) servers.set(this, (entry = { connections: 0, requests: 0, api: false }));
  if (event === 'connection') entry.connections++;
  if (event === 'request' && String(args[0].url).startsWith('/api/v1/')) {
    entry.requests++;
    entry.api = true;
  }
  return emit.call(this, event, ...args);
};

process.on('exit', () => {
  const fakes = [...servers.values()].filter((entry) => entry.api);
  const total = { connections: 0, requests: 0 };
  for (const entry of fakes) {
    total.connections += entry.connections;
    total.requests += entry.requests;
  }
  fs.writeFileSync(process.env.FLASHLIGHT_COUNT_CONNECTIONS, JSON.stringify(total));
});
