// The modules that hold the database connection, secrets, password hashing, sessions, the
// job queue and the mail transport start with `import "server-only"`: every server module
// reaches one of them, so a client bundle that pulls in server code fails `next build`
// (Next.js resolves the package to an error in the browser layer). `depcruise` catches the
// same mistake earlier (components-import-no-server-code); this keeps the second lock on.
import { describe, expect, it } from "vitest";
import { filesUnder, readRepoFile } from "./source-files";

const SERVER_ROOTS = [
  "lib/db/client.ts",
  "lib/db/sql.ts",
  "lib/auth/session.ts",
  "lib/auth/secret.ts",
  "lib/auth/password.ts",
  "lib/auth/login.ts",
  "lib/jobs/queue.ts",
  "lib/emails/emails.ts",
];

describe("server-only", () => {
  it.each(SERVER_ROOTS)("%s imports server-only before anything else", (file) => {
    const firstImport = readRepoFile(file)
      .split("\n")
      .find((line) => line.startsWith("import "));
    expect(firstImport).toBe('import "server-only";');
  });

  it("no client module imports server-only", () => {
    const clientFiles = ["app", "components"]
      .flatMap((dir) => filesUnder(dir, /\.tsx?$/))
      .filter((file) => /^["']use client["']/m.test(readRepoFile(file)));
    expect(clientFiles.length).toBeGreaterThan(10);
    for (const file of clientFiles) expect(readRepoFile(file), file).not.toContain('"server-only"');
  });
});
