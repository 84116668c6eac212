/**
 * The key file beside the database (`sohoa.keys.json`): the database's random 256-bit key,
 * wrapped once per account with a key derived from that account's password, and once with the
 * recovery key. The accounts table is inside the encrypted database, so a login first unwraps
 * the key from here. Nothing in this file is secret without a password; it also keeps each
 * account's failed-login count, which must survive restarts and be readable before the database
 * is open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from '../../../shared/zod';
import { wrappedKeySchema } from './passwords';

export const userSlotSchema = z.object({
  kind: z.literal('user'),
  /** Tells the slots of one account apart while a password change is under way. */
  id: z.string(),
  userName: z.string(),
  key: wrappedKeySchema,
});
export const recoverySlotSchema = z.object({ kind: z.literal('recovery'), key: wrappedKeySchema });

export const keyFileSchema = z.object({
  format: z.literal('sohoa-keys/1'),
  cipher: z.literal('sqlcipher'),
  slots: z.array(z.discriminatedUnion('kind', [userSlotSchema, recoverySlotSchema])),
  /** Failed logins per user name since the last success: the growing delay survives restarts. */
  failures: z.record(z.string(), z.object({ count: z.number().int().min(1), lastFailureAt: z.string() })),
});
export type KeyFile = z.infer<typeof keyFileSchema>;
export type UserSlot = z.infer<typeof userSlotSchema>;

export function readKeyFile(file: string): KeyFile | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return keyFileSchema.parse(JSON.parse(text));
}

/** Written whole to a temporary file, flushed, then renamed over the old one; private to the OS user. */
export function writeKeyFile(file: string, keys: KeyFile): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(keys, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}
