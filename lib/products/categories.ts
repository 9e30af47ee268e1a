// Product categories: everyone signed in reads them, admins add them. Names are
// unique regardless of case ("Paper" and "paper" would split the cross-sell rules).
import { getPrisma } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { can, type Actor } from "@/lib/auth/permissions";
import { Conflict, Forbidden } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { CreateCategoryInput } from "./schema";

export interface CategoryView {
  id: string;
  name: string;
  products: number;
}

export async function listCategories(actor: Actor): Promise<{ items: CategoryView[] }> {
  if (!can(actor, "read", "product")) throw new Forbidden("Your role may not read the catalog.");
  const prisma = await getPrisma();
  const rows = await prisma.category.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, _count: { select: { products: true } } },
  });
  return { items: rows.map((row) => ({ id: row.id, name: row.name, products: row._count.products })) };
}

export async function createCategory(actor: Actor, input: CreateCategoryInput): Promise<CategoryView> {
  if (!can(actor, "write", "product")) throw new Forbidden("Only admins change the catalog.");
  const prisma = await getPrisma();
  const duplicate = () => prisma.category.findFirst({ where: { name: { equals: input.name, mode: "insensitive" } } });
  const existing = await duplicate();
  if (existing) throw new Conflict(`A category named "${existing.name}" already exists.`, existing, "name");
  try {
    const category = await prisma.$transaction(async (tx) => {
      const created = await tx.category.create({ data: { name: input.name } });
      await recordAudit(tx, { actorId: actor.id, action: "category.create", entityType: "category", entityId: created.id, after: created });
      return created;
    });
    return { id: category.id, name: category.name, products: 0 };
  } catch (error) {
    // Two admins adding the same name at once: the unique index decides.
    if (isUniqueViolation(error)) throw new Conflict(`A category named "${input.name}" already exists.`, await duplicate(), "name");
    throw error;
  }
}
