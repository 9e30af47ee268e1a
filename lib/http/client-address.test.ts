import { describe, expect, it } from "vitest";
import { clientIp, normalizeAddress } from "./client-address";

// The last X-Forwarded-For hop is always the socket's peer (scripts/peer-address.mjs appends it).
const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientIp", () => {
  it("with no trusted proxies, is the socket peer whatever the client wrote before it", () => {
    expect(clientIp(xff("203.0.113.9"), [])).toBe("203.0.113.9");
    expect(clientIp(xff("1.2.3.4, 203.0.113.9"), [])).toBe("203.0.113.9");
    expect(clientIp(xff("127.0.0.1, 10.0.0.1, 203.0.113.9"), [])).toBe("203.0.113.9");
    expect(clientIp(xff("not-an-ip, ::ffff:127.0.0.2"), [])).toBe("127.0.0.2");
  });

  it("skips trusted proxies from the right and stops at the first untrusted hop", () => {
    const proxies = ["10.0.0.0/8", "192.0.2.7"];
    // client → 10.1.1.1 (trusted) → 192.0.2.7 (trusted, the socket peer)
    expect(clientIp(xff("198.51.100.20, 10.1.1.1, 192.0.2.7"), proxies)).toBe("198.51.100.20");
    // A forged left-most hop is not believed: the proxy appended the real client after it.
    expect(clientIp(xff("6.6.6.6, 198.51.100.20, 192.0.2.7"), proxies)).toBe("198.51.100.20");
    // One trusted proxy in front: the hop it appended is the client.
    expect(clientIp(xff("198.51.100.20, 10.1.1.1"), proxies)).toBe("198.51.100.20");
    // The socket peer is not a trusted proxy: the header in front of it is ignored.
    expect(clientIp(xff("198.51.100.20, 203.0.113.9"), proxies)).toBe("203.0.113.9");
    // Every hop trusted: the left-most is as far as we can see.
    expect(clientIp(xff("10.2.2.2, 192.0.2.7"), proxies)).toBe("10.2.2.2");
    // Garbage written by the client is never skipped as if it were a proxy.
    expect(clientIp(xff("1.1.1.1, garbage, 192.0.2.7"), proxies)).toBe("garbage");
  });

  it("handles IPv6 and node's IPv4-mapped addresses", () => {
    expect(clientIp(xff("2001:db8::1, ::ffff:10.0.0.5"), ["10.0.0.0/8"])).toBe("2001:db8::1");
    expect(clientIp(xff("2001:db8::1, fd00::1"), ["fd00::/8"])).toBe("2001:db8::1");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("192.0.2.1:8080")).toBe("192.0.2.1");
  });

  it("is 'local' without any header (an in-process call)", () => {
    expect(clientIp(new Headers(), [])).toBe("local");
    expect(clientIp({}, [])).toBe("local");
  });
});
