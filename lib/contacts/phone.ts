// Is this text a phone number a rep could dial? Written by hand rather than with
// libphonenumber (≈150 kB of metadata in the client) because the CRM stores numbers
// as typed (+49 30 …, (030) …, ext. 12) and only needs to catch typos: letters, a
// missing digit group, an e-mail pasted in the wrong box. E.164 allows at most 15 digits.
const SHAPE = /^\+?[\d\s().\-/]+?(?:\s*(?:ext\.?|x|#)\s*(\d{1,6}))?$/i;

export function isPhoneNumber(text: string): boolean {
  const value = text.trim();
  const match = SHAPE.exec(value);
  if (!match) return false;
  const main = match[1] ? value.slice(0, value.search(/\s*(?:ext\.?|x|#)\s*\d{1,6}$/i)) : value;
  if ((main.match(/\+/g) ?? []).length > 1 || main.indexOf("+") > 0) return false;
  const digits = main.replace(/\D/g, "").length;
  return digits >= 6 && digits <= 15;
}

/** A plain check for where an address is typed; the server's zod e-mail check is the one that counts. */
export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(text.trim());
}
