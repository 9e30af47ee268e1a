// The import boundaries are a gate, not a wish: a deliberately wrong import fails
// `depcruise` with the rule that forbids it (`npm run lint` checks the whole tree).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const probes: string[] = [];

function cruise(...files: string[]): { code: number; output: string } {
  try {
    const output = execFileSync(path.join(root, "node_modules/.bin/depcruise"), ["--config", ".dependency-cruiser.cjs", ...files], {
      cwd: root,
      encoding: "utf8",
      stdio: "pipe",
    });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

/** Writes a throw-away module into the tree (removed after the test). */
function probe(file: string, source: string): string {
  fs.writeFileSync(path.join(root, file), source);
  probes.push(file);
  return file;
}

afterEach(() => {
  for (const file of probes.splice(0)) fs.rmSync(path.join(root, file), { force: true });
});

// Each test runs depcruise over the tree (seconds, more on a busy machine): a roomy timeout, not a speed target.
const CRUISE_TIMEOUT = 120_000;

describe("import boundaries", () => {
  it(
    "lib/db importing a feature fails",
    () => {
      const file = probe(
        "lib/db/zz-boundary-probe.ts",
        `import { listAccounts } from "@/lib/accounts/list-accounts";\nexport const probe = listAccounts;\n`,
      );
      const result = cruise(file);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain("db-imports-no-feature");
    },
    CRUISE_TIMEOUT,
  );

  it(
    "pure lib/ltv importing the database fails",
    () => {
      const file = probe("lib/ltv/zz-boundary-probe.ts", `import { getPrisma } from "@/lib/db/client";\nexport const probe = getPrisma;\n`);
      expect(cruise(file).output).toContain("pure-domain-stays-pure");
    },
    CRUISE_TIMEOUT,
  );

  it(
    "a component importing a value from server code fails; a type-only import passes",
    () => {
      const bad = probe(
        "components/zz-boundary-probe.tsx",
        `import { listAccounts } from "@/lib/accounts/list-accounts";\nexport const probe = listAccounts;\n`,
      );
      expect(cruise(bad).output).toContain("components-import-no-server-code");
      const fine = probe(
        "components/zz-boundary-probe-types.tsx",
        `import type { AccountListItem } from "@/lib/accounts/list-accounts";\nexport type Probe = AccountListItem;\n`,
      );
      expect(cruise(fine).code).toBe(0);
    },
    CRUISE_TIMEOUT,
  );
});
