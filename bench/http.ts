// HTTP throughput of the built app: `next start` on the bench database, signed in
// through next-auth's credentials flow, then autocannon on two read endpoints.
// The server's memory is sampled from /proc while it runs.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { round1 } from "./stats";
import { buildIsStale } from "../scripts/build-state.mjs";

const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

/** Builds the app when .next is missing or older than the sources; returns the build time in ms (0 = reused). */
export function ensureBuild(log: (line: string) => void): number {
  if (!buildIsStale(ROOT)) return 0;
  log("building the app (next build)…");
  const started = performance.now();
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  return Math.round(performance.now() - started);
}

// ---------------------------------------------------------------------------
// Memory of a process tree from /proc (Linux)
// ---------------------------------------------------------------------------

export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may contain spaces: fields after the closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process exited while we looked.
    }
  }
  const all: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    all.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return all;
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export class MemorySampler {
  private timer: NodeJS.Timeout | null = null;
  peakRssKb = 0;
  peakHwmKb = 0;
  samples = 0;

  constructor(private readonly rootPid: number) {}

  start(everyMs = 250): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    const pids = descendants(this.rootPid);
    const rss = pids.reduce((sum, pid) => sum + statusKb(pid, "VmRSS"), 0);
    const hwm = pids.reduce((sum, pid) => sum + statusKb(pid, "VmHWM"), 0);
    this.peakRssKb = Math.max(this.peakRssKb, rss);
    this.peakHwmKb = Math.max(this.peakHwmKb, hwm);
    this.samples++;
  }

  stop(): { peakRssMb: number; peakHwmMb: number; samples: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return { peakRssMb: round1(this.peakRssKb / 1024), peakHwmMb: round1(this.peakHwmKb / 1024), samples: this.samples };
  }
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startServer(opts: {
  port: number;
  databaseUrl: string;
  log: (line: string) => void;
  env?: Record<string, string>;
  /** Node options for the server process, e.g. ["--cpu-prof"] (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
}): Promise<RunningServer> {
  const baseUrl = `http://localhost:${opts.port}`;
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), NEXT_BIN, "start", "-p", String(opts.port)], {
    cwd: ROOT,
    stdio: ["ignore", process.env.BENCH_SERVER_LOG ? "pipe" : "ignore", "pipe"],
    // Its own process group, so stop() reaches any worker it forks (and nothing else).
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: opts.databaseUrl,
      DATABASE_POOL_MAX: "10",
      NEXTAUTH_URL: baseUrl,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "ltv-bench-secret-not-for-production-0123456789",
      NEXT_MANUAL_SIG_HANDLE: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      // The benchmark signs in a few times from one IP; no refit in the middle of the measurements.
      SIGNIN_MAX_ATTEMPTS_PER_IP: "100000",
      MODEL_REFIT_AFTER_PURCHASES: "100000000",
      ...opts.env,
    },
  });
  let stderr = "";
  // BENCH_SERVER_LOG=file keeps the server's whole error output (a crash under load is otherwise lost).
  const logFile = process.env.BENCH_SERVER_LOG ? fs.createWriteStream(process.env.BENCH_SERVER_LOG) : null;
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    logFile?.write(chunk);
  });
  child.stdout?.on("data", (chunk: Buffer) => logFile?.write(chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer /api/health within 120 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  opts.log(`server up on ${baseUrl} (pid ${child.pid})`);
  return {
    child,
    baseUrl,
    async stop() {
      if (child.exitCode !== null) return;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      const timeout = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 15_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/** next-auth credentials sign-in (as e2e/fixtures.ts signInViaApi): the Cookie header to send, or null when refused. */
export async function signInAttempt(
  baseUrl: string,
  email: string,
  password = "demo1234",
): Promise<{ cookie: string | null; status: number }> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  keep(response);
  return { cookie: [...jar.keys()].some((name) => name.includes("session-token")) ? cookie() : null, status: response.status };
}

/** Signs in or throws. */
export async function signIn(baseUrl: string, email: string, password = "demo1234"): Promise<string> {
  const { cookie, status } = await signInAttempt(baseUrl, email, password);
  if (!cookie) throw new Error(`sign-in as ${email} failed (HTTP ${status})`);
  return cookie;
}

export interface LoadResult {
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** autocannon with `connections` connections for `seconds`; `paths` are rotated request by request. */
export async function load(
  baseUrl: string,
  cookie: string,
  label: string,
  paths: string[],
  opts: { connections: number; seconds: number },
): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: opts.connections,
    duration: opts.seconds,
    headers: { cookie, accept: "application/json" },
    requests: [
      {
        method: "GET",
        setupRequest: (request) => {
          request.path = paths[next++ % paths.length]!;
          return request;
        },
      },
    ],
  });
  return {
    path: label,
    connections: opts.connections,
    seconds: opts.seconds,
    requests: result.requests.total,
    requestsPerSecond: round1(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round1(result.latency.mean),
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
