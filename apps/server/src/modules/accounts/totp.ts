/** TOTP second factor (RFC 6238, 30-second steps, ±1 step of clock drift, no code reused). */
import { generateSecret, generateURI, verifySync } from 'otplib';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: 'Gongzhi 共治', label: username, secret });
}

/** The accepted time step, or null. A step at or before `lastStep` is a replay. */
export function checkTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const epoch = Math.floor(now.getTime() / 1000);
  const result = verifySync({
    secret,
    token: code,
    epoch,
    epochTolerance: 30,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid ? Math.floor(epoch / 30) + result.delta : null;
}
