// Names and notes of the demo world: account names that never clash, and visit notes.
import type { Rng } from "@/lib/random";
import { CITIES, INDUSTRIES, NAME_PREFIXES } from "./catalog";

/** "Hartmann Logistics GmbH"; on a clash a branch city, then a number. */
export function uniqueAccountName(rng: Rng, taken: Map<string, number>): { name: string; industry: string; domainStem: string } {
  const industry = rng.pick(INDUSTRIES);
  const prefix = rng.pick(NAME_PREFIXES);
  const core = rng.pick(industry.cores);
  const form = rng.pick(industry.forms);
  let name = `${prefix} ${core}${form ? ` ${form}` : ""}`;
  let domainStem = `${prefix} ${core}`;
  if (taken.has(name)) {
    const city = rng.pick(CITIES);
    name = `${name}, ${city}`;
    domainStem = `${domainStem} ${city}`;
    if (taken.has(name)) {
      const n = (taken.get(name) ?? 1) + 1;
      taken.set(name, n);
      name = `${name} ${n}`;
      domainStem = `${domainStem} ${n}`;
    }
  }
  taken.set(name, 1);
  return { name, industry: industry.name, domainStem };
}

export function visitNote(rng: Rng, category: string, contactName: string | null): string {
  const who = contactName ?? "the team";
  const topic = category.toLowerCase();
  return rng.pick([
    `Talked with ${who} about ${topic}; current supplier terms compared.`,
    `Reviewed ${topic} usage with ${who}. Volumes stable.`,
    `${who} asked for a quote on ${topic}.`,
    `Checked ${topic} stock on site with ${who}; reorder expected soon.`,
    `Presented the new ${topic} range to ${who}.`,
    `Quick follow-up with ${who} on the last delivery of ${topic}.`,
  ]);
}
