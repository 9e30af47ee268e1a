// The client's address for throttling (OWASP: X-Forwarded-For is written by whoever
// sends the request). scripts/serve.mjs appends the socket's peer address to
// X-Forwarded-For as a proxy does, so the right-most hop is always the real peer.
// Hops are read from the right: a hop is believed to have forwarded the request only
// when it is one of TRUSTED_PROXIES; the first untrusted hop is the client.
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** "::ffff:127.0.0.2" → "127.0.0.2"; "[::1]:443" and "1.2.3.4:80" lose the port. */
export function normalizeAddress(raw: string): string {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address)?.[1];
  if (bracketed !== undefined) address = bracketed;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (mapped !== undefined) address = mapped;
  return address.toLowerCase();
}

export function trustedProxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(normalizeAddress(address), type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

let cachedList: { entries: string[]; list: BlockList } | undefined;

/**
 * The right-most X-Forwarded-For hop that is not a trusted proxy. With no trusted
 * proxies that is the last hop (the socket peer, appended by our server); "local"
 * when there is no header at all (a request made inside the process, e.g. a test).
 */
export function clientIp(headers: HeaderBag, trustedProxies: string[] = env().TRUSTED_PROXIES): string {
  const hops = (header(headers, "x-forwarded-for") ?? "").split(",").map(normalizeAddress).filter(Boolean);
  const [leftmost] = hops;
  if (leftmost === undefined) return "local";
  if (cachedList?.entries !== trustedProxies) cachedList = { entries: trustedProxies, list: trustedProxyList(trustedProxies) };
  for (const hop of hops.toReversed()) {
    // A hop that is not an address at all was written by the client: stop believing here.
    if (!isTrusted(cachedList.list, hop)) return hop;
  }
  // Every hop is a trusted proxy: the left-most is as far as we can see.
  return leftmost;
}
