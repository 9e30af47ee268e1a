// The key that signs session JWTs. NEXTAUTH_SECRET wins; otherwise a random key
// is created once under .data/ so `npm start` works on a fresh clone without
// configuration (and sessions survive restarts).
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";

let cached: string | undefined;

export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = env().NEXTAUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const file = path.resolve(".data/auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return (cached = fs.readFileSync(file, "utf8").trim());
}
