/**
 * Password hashing and key wrapping with node:crypto only: scrypt with a per-secret salt and its
 * parameters stored beside the result, constant-time comparison, AES-256-GCM for wrapped keys.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from '../../../shared/zod';

export const scryptParamsSchema = z.object({
  N: z
    .number()
    .int()
    .min(1024)
    .max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.number().int().min(16).max(64),
});
export type ScryptParams = z.infer<typeof scryptParamsSchema>;

/** 2^15 × 8 × 128 bytes = 32 MiB and about a tenth of a second per login on a clerk's laptop. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };

export function deriveKey(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      Buffer.from(secret.normalize('NFC'), 'utf8'),
      salt,
      params.keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export interface PasswordHash {
  hash: string;
  salt: string;
  params: ScryptParams;
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const hash = await deriveKey(password, salt, params);
  return { hash: hash.toString('base64'), salt: salt.toString('base64'), params };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await deriveKey(password, Buffer.from(stored.salt, 'base64'), stored.params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const wrappedKeySchema = z.object({
  salt: z.string(),
  params: scryptParamsSchema,
  iv: z.string(),
  tag: z.string(),
  wrapped: z.string(),
});
export type WrappedKey = z.infer<typeof wrappedKeySchema>;

/** Encrypts `dataKey` with a key derived from `secret` (AES-256-GCM, a fresh salt and IV). */
export async function wrapKey(
  dataKey: Buffer,
  secret: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<WrappedKey> {
  const salt = randomBytes(16);
  const kek = await deriveKey(secret, salt, { ...params, keyLength: 32 });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return {
    salt: salt.toString('base64'),
    params: { ...params, keyLength: 32 },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
  };
}

/** The data key, or null when `secret` is not the one it was wrapped with (GCM refuses it). */
export async function unwrapKey(slot: WrappedKey, secret: string): Promise<Buffer | null> {
  const kek = await deriveKey(secret, Buffer.from(slot.salt, 'base64'), slot.params);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(slot.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(slot.wrapped, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh recovery key: 160 random bits as 8 groups of 4 base32 characters. */
export function newRecoveryKey(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** The recovery key as typed (any case, with or without dashes) → its canonical form. */
export function canonicalRecoveryKey(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[^A-Z2-7]/g, '')
    .match(/.{1,4}/g)!
    .join('-');
}
