// Recognising database errors the same way on both backends.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A unique-constraint violation. Through @prisma/adapter-pg Prisma raises P2002;
 * the PGlite adapter surfaces its own DriverAdapterError instead.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  if (!(error instanceof Error) || error.name !== "DriverAdapterError") return false;
  const cause = (error as Error & { cause?: { kind?: string; code?: string } }).cause;
  return cause?.kind === "UniqueConstraintViolation" || (cause?.kind === "postgres" && cause.code === "23505");
}
