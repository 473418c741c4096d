import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';

/**
 * Backups encrypted to an age public key (issue 30): an archive holds
 * password hashes, private requests and documents, so its data files can be
 * written readable only with the private key kept away from the servers. age
 * (age-encryption.org/v1, the `age-encryption` package by age's author) is
 * also the `age` command of Debian, so a file can be opened without Haqq:
 * `age -d -i key.txt file.bson.gz.age`. Files stream through, never whole in memory.
 */

/** A new X25519 identity (`AGE-SECRET-KEY-1…`) and the recipient (`age1…`) to encrypt to. */
export async function newBackupKey(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The identity in an age key file (`age-keygen`'s, or newBackupKey's): its first key line. */
export function identityOf(keyFile: string): string {
  const line = keyFile.split('\n').find((l) => l.trim().startsWith('AGE-SECRET-KEY-'));
  if (!line) throw new Error('no AGE-SECRET-KEY line in the key file');
  return line.trim();
}

/** Checks recipients before anything is written: an error naming a bad one. */
export function checkRecipients(recipients: readonly string[]): void {
  const encrypter = new Encrypter();
  for (const recipient of recipients) {
    try {
      encrypter.addRecipient(recipient);
    } catch {
      throw new Error(`not an age recipient: ${recipient.slice(0, 20)}…`);
    }
  }
}

// age-encryption streams the DOM's ReadableStream; Node's types name the same class another way.
type WebStream = globalThis.ReadableStream<Uint8Array>;
const asWeb = (source: Readable) => Readable.toWeb(source) as unknown as WebStream;
const asNode = (stream: WebStream) =>
  Readable.fromWeb(stream as unknown as ReadableStream<Uint8Array>);

/** `source` encrypted to every recipient. */
export async function encrypted(
  source: Readable,
  recipients: readonly string[],
): Promise<Readable> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return asNode(await encrypter.encrypt(asWeb(source)));
}

/** `source` decrypted with the identity (an error as the stream is read when it does not fit). */
export async function decrypted(source: Readable, identity: string): Promise<Readable> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return asNode(await decrypter.decrypt(asWeb(source)));
}
