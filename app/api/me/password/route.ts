import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActorForPasswordChange } from "@/lib/auth/session";
import { changePassword, changePasswordInput } from "@/lib/auth/change-password";
import { clientIp } from "@/lib/http/client-address";

// POST /api/me/password { currentPassword, newPassword }: the one API a user who
// must change their password may call. Every session of the user ends, this one too.
export const POST = route(async (request) => {
  const actor = await requireActorForPasswordChange();
  const input = await parseJsonBody(request, changePasswordInput);
  const { passwordChangedAt } = await changePassword(actor, input, clientIp(request.headers));
  return NextResponse.json({ passwordChangedAt, signedOut: true, message: "Password changed. Sign in again with the new password." });
});

export const dynamic = "force-dynamic";
