// Environment, parsed once with zod so a bad value fails at start with a message
// that names the variable (style.md §7).
import { z } from "zod";

// An empty variable means "not set" (shells and CI files often export VAR="").
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL; leave it unset to use the embedded database"),
  ),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  NEXTAUTH_SECRET: optional(z.string().min(16, "must be at least 16 characters")),
  // The app's public URL; its origin is accepted on mutations (lib/http/csrf.ts) besides the Host header's.
  NEXTAUTH_URL: optional(z.string().url("must be a URL like https://crm.example.com")),
  // Minutes a session lives; roles are re-read from the database on every request anyway.
  SESSION_MAX_AGE_MINUTES: z.coerce.number().int().min(5).max(60 * 24 * 30).default(8 * 60),
  // Sign-in attempts allowed per client IP in 15 minutes (lib/auth/throttle.ts).
  SIGNIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  // Refit the predictive model after this many new purchases (issue 4).
  MODEL_REFIT_AFTER_PURCHASES: z.coerce.number().int().min(1).default(200),
  // Reminder e-mails go out through this SMTP server (smtp:// or smtps://); unset, they stay in the outbox.
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL; leave it unset to keep e-mails in the outbox")),
  SMTP_FROM: z.string().min(3).default("LTV CRM <no-reply@ltv-crm.local>"),
});

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
