#!/usr/bin/env node
// The production server (started by start.mjs): Next's request handler behind a plain
// Node HTTP server, so each request carries its socket's peer address in
// X-Forwarded-For (peer-address.mjs). Same options as `next start -p PORT`.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { appendPeerAddress } from "./peer-address.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);

const app = next({ dev: false, dir: root, port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  appendPeerAddress(req);
  handle(req, res).catch((error) => {
    console.error(`Failed to handle ${req.method} ${req.url}:`, error);
    if (!res.headersSent) res.statusCode = 500;
    res.end("Internal Server Error");
  });
});
server.on("error", (error) => {
  console.error("Failed to start the server:", error);
  process.exit(1);
});
// Every interface, like `next start`.
server.listen(port, () => console.log(`Ready on http://localhost:${port}`));
