import type { Prisma } from "@/lib/generated/prisma/client";

/** What the API says about a user: never the password hash. */
export const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  mustChangePassword: true,
  lockedUntil: true,
  createdAt: true,
  _count: { select: { accounts: true } },
} satisfies Prisma.UserSelect;

type Row = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Row["role"];
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
  /** Accounts the user owns. */
  accounts: number;
}

export function userView({ _count, ...row }: Row): UserView {
  return {
    ...row,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    accounts: _count.accounts,
  };
}
