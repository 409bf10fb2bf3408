/**
 * How the last session ended, kept outside React because the guard that redirects may
 * render twice: lost (idle timeout, revoked — the login page shows the server's words) or
 * signed out on purpose (the next user should not land on the previous user's page).
 */
let lastExit: { kind: 'lost'; message: string } | { kind: 'signedOut' } | null = null;

export function noteSessionLost(message: string): void {
  lastExit = { kind: 'lost', message };
}

export function noteSignedOut(): void {
  lastExit = { kind: 'signedOut' };
}

export function clearSessionExit(): void {
  lastExit = null;
}

/** What the login page is told when the guard sends a visitor there. */
export function loginState(from: string): { from?: string; notice?: string | null } {
  if (lastExit?.kind === 'signedOut') return {};
  return { from, notice: lastExit?.kind === 'lost' ? lastExit.message : null };
}
