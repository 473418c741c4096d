import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a webhook delivery (pure), in the header
 * `Haqq-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`: the HMAC, keyed
 * with the endpoint's secret, of `<t>.<raw body>`. A receiver recomputes it
 * over the bytes it received, compares in constant time, and refuses a `t`
 * more than TOLERANCE_SECONDS away from its own clock (a replayed delivery).
 */
export const SIGNATURE_HEADER = 'Haqq-Signature';
const TOLERANCE_SECONDS = 300;

const mac = (secret: string, t: number, body: string) =>
  createHmac('sha256', secret)
    .update(`${String(t)}.${body}`, 'utf8')
    .digest('hex');

/** The header value for `body` sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${String(t)},v1=${mac(secret, t, body)}`;
}

/** Whether `header` signs `body` with `secret`, within the tolerance of `now`. */
export function verifySignature(
  header: string | undefined,
  body: string,
  secret: string,
  now: Date,
  toleranceSeconds = TOLERANCE_SECONDS,
): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, t, body), 'hex');
  return (parts.get('v1') ?? []).some((given) => {
    const bytes = Buffer.from(given, 'hex');
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  });
}
