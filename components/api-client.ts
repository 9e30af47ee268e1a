// The browser's one client for this app's JSON API: fetch + JSON with errors as ApiError
// (the fields a 400 named, the session ending, the server unreachable), and idempotency keys.

export type ApiErrorBody = { error?: string; issues?: Array<{ field: string; reason: string }>; current?: unknown } | null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: ApiErrorBody,
  ) {
    super(message);
  }

  /** The fields the server named, with its reason for each (400 answers). */
  get issues(): Array<{ field: string; reason: string }> {
    return this.body?.issues ?? [];
  }
}

/** fetch + JSON for this app's API: throws ApiError (status 0 when the server could not be reached). */
export async function apiFetch<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
    });
  } catch {
    throw new ApiError(0, "Could not reach the server. Check the connection and try again.", null);
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as ApiErrorBody;
  if (!response.ok) {
    const message =
      response.status === 401 ? "Your session has ended; sign in again." : (body?.error ?? `The server answered ${response.status}.`);
    throw new ApiError(response.status, message, body);
  }
  return body as T;
}

/** A fresh idempotency key; randomUUID needs a secure context, so fall back to getRandomValues on plain http. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
