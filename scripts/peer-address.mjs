// Next.js route handlers cannot see the socket (NextRequest has no `ip` since Next 15,
// and Next's server only fills X-Forwarded-For from the socket when the client sent
// none, so a forged header would hide the real peer). The server in serve.mjs does
// what a reverse proxy does: append the peer's address to X-Forwarded-For. Its
// right-most entry is then always the real peer (lib/http/client-address.ts).

/** @param {import("node:http").IncomingMessage} req */
export function appendPeerAddress(req) {
  const peer = req.socket.remoteAddress ?? "";
  const sent = req.headers["x-forwarded-for"];
  const earlier = (Array.isArray(sent) ? sent.join(", ") : (sent ?? "")).trim();
  req.headers["x-forwarded-for"] = earlier ? `${earlier}, ${peer}` : peer;
}
