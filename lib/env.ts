// Environment, parsed once with zod so a bad value fails at start with a message
// that names the variable (docs/reference/style.md §7).
import { isIP } from "node:net";
import { z } from "zod";

// An empty variable means "not set" (shells and CI files often export VAR="").
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optional(
      z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL; leave it unset to use the embedded database"),
    ),
    // A streaming replica of DATABASE_URL's server for the heavy reads (rankings, dashboards,
    // exports, backtests: lib/db/read-database.ts); unset = every read goes to DATABASE_URL.
    DATABASE_READ_URL: optional(
      z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL of a read replica; leave it unset to read from DATABASE_URL"),
    ),
    // Replica lag above which those reads fall back to the primary.
    DATABASE_READ_MAX_LAG_SECONDS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().min(0).max(3600).default(5),
    ),
    PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    NEXTAUTH_SECRET: optional(z.string().min(16, "must be at least 16 characters")),
    // The app's public URL; its origin is accepted on mutations (lib/http/csrf.ts) besides the Host header's.
    NEXTAUTH_URL: optional(z.string().url("must be a URL like https://crm.example.com")),
    // Minutes a session lives; roles are re-read from the database on every request anyway.
    SESSION_MAX_AGE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 30)
      .default(8 * 60),
    // Sign-in attempts allowed per client IP in 15 minutes (lib/auth/throttle.ts).
    SIGNIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
    // Proxies whose X-Forwarded-For is believed (lib/http/client-address.ts): comma-separated
    // addresses or CIDR ranges, e.g. "10.0.0.0/8, 127.0.0.1". Unset: the socket address is the client.
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((value, ctx) => {
        const entries = value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean);
        for (const entry of entries) {
          const [address = "", prefix, extra] = entry.split("/");
          const family = isIP(address);
          const bits = family === 6 ? 128 : 32;
          const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
          if (!family || !prefixOk || extra !== undefined) {
            ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8)` });
          }
        }
        return entries;
      }),
    // Refit the predictive model after this many new purchases (issue 4).
    MODEL_REFIT_AFTER_PURCHASES: z.coerce.number().int().min(1).default(200),
    // The business's time zone: what "today" is for the daily as-of recompute and its schedule.
    APP_TIME_ZONE: z
      .string()
      .default("UTC")
      .refine((zone) => isTimeZone(zone), "must be an IANA time zone such as Europe/Berlin or UTC"),
    // When the daily as-of recompute runs (cron: minute hour day month weekday, in APP_TIME_ZONE);
    // "off" turns the schedule off (the catch-up at start still runs).
    DAILY_RECOMPUTE_CRON: z
      .string()
      .default("0 2 * * *")
      .refine(
        (cron) => cron === "off" || cron.trim().split(/\s+/).length === 5,
        "must be a five-field cron expression (e.g. 0 2 * * *) or off",
      ),
    // Whether this web server runs the background jobs' workers. "off" on web instances whose jobs
    // run in `npm run worker` processes instead (a refit or daily pass then never shares the web
    // server's memory or event loop); needs DATABASE_URL, since the embedded database lives in one process.
    JOB_WORKERS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.enum(["on", "off"], { error: 'must be "on" (this server runs the jobs) or "off" (npm run worker does)' }).default("on"),
    ),
    // Reminder e-mails go out through this SMTP server (smtp:// or smtps://); unset, they stay in the outbox.
    SMTP_URL: optional(
      z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL; leave it unset to keep e-mails in the outbox"),
    ),
    SMTP_FROM: z.string().min(3).default("LTV CRM <no-reply@ltv-crm.local>"),
  })
  .refine((parsed) => !parsed.DATABASE_READ_URL || parsed.DATABASE_URL, {
    path: ["DATABASE_READ_URL"],
    message: "needs DATABASE_URL (the primary it replicates); the embedded database has no replica",
  })
  .refine((parsed) => parsed.JOB_WORKERS === "on" || parsed.DATABASE_URL, {
    path: ["JOB_WORKERS"],
    message: "off needs DATABASE_URL: the embedded database opens in one process, so no worker process could run the jobs",
  });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
