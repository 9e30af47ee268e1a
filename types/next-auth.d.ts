import type { Role } from "@/lib/generated/prisma/client";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; email: string; name: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
  }
}
