import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * An endpoint's signing secret at rest (the server must sign with it, so it
 * cannot be hashed like a password): AES-256-GCM under a key derived from
 * SESSION_SECRET, so a copy of the database alone cannot forge deliveries.
 * Rotating SESSION_SECRET means registering the endpoints again.
 */
const keyOf = (serverSecret: string) =>
  Buffer.from(hkdfSync('sha256', serverSecret, 'haqq', 'webhook secrets', 32));

export function sealSecret(secret: string, serverSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(serverSecret), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

export function openSecret(box: string, serverSecret: string): string {
  const [iv = '', tag = '', sealed = ''] = box.split('.');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyOf(serverSecret),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(sealed, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
