// Recognising database errors the same way on both backends.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A unique-constraint violation. Through @prisma/adapter-pg Prisma raises P2002;
 * the PGlite adapter surfaces its own DriverAdapterError instead.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return true;
  // A raw statement's violation: the driver's cause, thrown directly or wrapped in P2010.
  const cause = driverCause(error);
  return cause?.kind === "UniqueConstraintViolation" || cause?.code === "23505" || cause?.originalCode === "23505";
}

/** The driver's cause behind a Prisma error: thrown directly (interactive transactions) or wrapped in P2010's meta (raw queries). */
function driverCause(error: unknown): { kind?: string; code?: string; originalCode?: string } | undefined {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const wrapped = (error.meta as { driverAdapterError?: { cause?: object } } | undefined)?.driverAdapterError?.cause;
    return wrapped as { kind?: string; code?: string } | undefined;
  }
  if (error instanceof Error && error.name === "DriverAdapterError")
    return (error as Error & { cause?: { kind?: string; code?: string } }).cause;
  return undefined;
}

/**
 * A value too large for its column (SQLSTATE 22003: numeric(14,2) past 999,999,999,999.99,
 * an integer past 2^31 − 1). The PGlite adapter reports the SQLSTATE, the pg adapter a kind.
 */
export function isNumericOverflow(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2020") return true;
  const cause = driverCause(error);
  return cause?.kind === "ValueOutOfRange" || cause?.code === "22003" || cause?.originalCode === "22003";
}
