/**
 * The hub's administrative operations, one implementation used by `sohoa-hub` directly on the
 * database and by the running hub's loopback admin endpoints (when the CLI goes through it).
 */
import { count, eq } from 'drizzle-orm';
import { hashPassword } from '../electron/backend/accounts/passwords';
import { hubCreateUserInput } from '../shared/review/hub-api';
import { LOT_STATES } from '../shared/review/review';
import { communeCode } from '../shared/sync/protocol';
import { z } from '../shared/zod';
import { batches, blobs, books, communes, conflicts, devices, entries, hubAdmins } from './db/schema';
import { audit, HubError, makeEnrollCode, revokeDevice, type HubContext } from './ingest';
import { ReviewError } from './review/handler';
import { createHubUser, listHubUsers, setHubUserDisabled, setHubUserPassword } from './review/users';
import { listLots } from './review/lot-list';
import { importUsbPackage } from './usb';

export const hubStats = z.object({
  communes: z.number().int(),
  devices: z.number().int(),
  books: z.number().int(),
  entries: z.number().int(),
  files: z.number().int(),
  batches: z.number().int(),
  committedBatches: z.number().int(),
  conflicts: z.number().int(),
});
export type HubStats = z.infer<typeof hubStats>;

/** Each admin operation: its input schema and what it does. */
export const adminOps = {
  'admin-create': z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(8).max(200) }),
  'commune-add': z.object({ code: communeCode, name: z.string().trim().min(1).max(200) }),
  'enroll-code': z.object({ commune: communeCode }),
  'device-revoke': z.object({ deviceId: z.string().min(1).max(64) }),
  import: z.object({ file: z.string().min(1), receiptOut: z.string().min(1).nullable() }),
  stats: z.object({}),
  /** District staff accounts (hub_users): the hub's administrator creates them with `sohoa-hub user`. */
  'user-add': hubCreateUserInput,
  'user-list': z.object({}),
  'user-set-disabled': z.object({ username: z.string().trim().min(1).max(64), disabled: z.boolean() }),
  'user-password': z.object({
    username: z.string().trim().min(1).max(64),
    password: hubCreateUserInput.shape.password,
  }),
  lots: z.object({ state: z.enum(LOT_STATES).optional() }),
} as const;
export type AdminOp = keyof typeof adminOps;

export async function runAdminOp(ctx: HubContext, op: AdminOp, raw: unknown, actor: string): Promise<unknown> {
  try {
    return await adminOp(ctx, op, raw, actor);
  } catch (error) {
    // The review's refusals, told the CLI's way (the same Vietnamese message).
    if (error instanceof ReviewError) {
      throw new HubError(
        error.status === 401 || error.status === 403 ? 400 : error.status,
        error.code === 'NOT_FOUND' ? 'NOT_FOUND' : error.code === 'INTERNAL' ? 'INTERNAL' : 'BAD_REQUEST',
        error.message,
      );
    }
    throw error;
  }
}

async function adminOp(ctx: HubContext, op: AdminOp, raw: unknown, actor: string): Promise<unknown> {
  const checked = adminOps[op].safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new HubError(
      400,
      'BAD_REQUEST',
      `Tham số không hợp lệ: ${issue ? `${issue.path.join('.')}: ${issue.message}` : op}.`,
    );
  }
  const input: unknown = checked.data;
  switch (op) {
    case 'admin-create': {
      const args = adminOps[op].parse(input);
      const [existing] = await ctx.db.select().from(hubAdmins).where(eq(hubAdmins.username, args.username));
      if (existing) throw new HubError(409, 'BAD_REQUEST', `Đã có quản trị viên "${args.username}".`);
      await ctx.db.insert(hubAdmins).values({ username: args.username, password: await hashPassword(args.password) });
      await audit(ctx.db, actor, 'admin.create', { username: args.username });
      return { username: args.username };
    }
    case 'commune-add': {
      const args = adminOps[op].parse(input);
      const [existing] = await ctx.db.select().from(communes).where(eq(communes.code, args.code));
      if (existing) {
        if (existing.name === args.name) return { code: existing.code, name: existing.name, added: false };
        await ctx.db.update(communes).set({ name: args.name }).where(eq(communes.code, args.code));
        await audit(ctx.db, actor, 'commune.rename', { code: args.code, from: existing.name, to: args.name });
        return { code: args.code, name: args.name, added: false };
      }
      await ctx.db.insert(communes).values({ code: args.code, name: args.name });
      await audit(ctx.db, actor, 'commune.add', { code: args.code, name: args.name });
      return { code: args.code, name: args.name, added: true };
    }
    case 'enroll-code':
      return makeEnrollCode(ctx, adminOps[op].parse(input).commune, actor);
    case 'device-revoke': {
      const args = adminOps[op].parse(input);
      await revokeDevice(ctx, args.deviceId, actor);
      return { deviceId: args.deviceId };
    }
    case 'import': {
      const args = adminOps[op].parse(input);
      return importUsbPackage(ctx, args.file, args.receiptOut, actor);
    }
    case 'stats':
      return stats(ctx);
    case 'user-add': {
      const args = adminOps[op].parse(input);
      const user = await createHubUser(ctx, args, actor);
      await audit(ctx.db, actor, 'users.create', {
        username: user.username,
        displayName: user.displayName,
        role: user.role,
      });
      return user;
    }
    case 'user-list':
      return listHubUsers(ctx);
    case 'user-set-disabled': {
      const args = adminOps[op].parse(input);
      const user = await setHubUserDisabled(ctx, { username: args.username }, args.disabled);
      await audit(ctx.db, actor, 'users.setDisabled', { username: args.username, disabled: args.disabled });
      return user;
    }
    case 'user-password': {
      const args = adminOps[op].parse(input);
      const user = await setHubUserPassword(ctx, { username: args.username }, args.password);
      await audit(ctx.db, actor, 'users.setPassword', { username: args.username });
      return user;
    }
    case 'lots': {
      const { state } = adminOps[op].parse(input);
      return listLots(ctx, state ? { state } : {});
    }
  }
}

export async function stats(ctx: HubContext): Promise<HubStats> {
  const n = async (q: Promise<{ n: number }[]>): Promise<number> => Number((await q)[0]?.n ?? 0);
  const { db } = ctx;
  return {
    communes: await n(db.select({ n: count() }).from(communes)),
    devices: await n(db.select({ n: count() }).from(devices)),
    books: await n(db.select({ n: count() }).from(books)),
    entries: await n(db.select({ n: count() }).from(entries)),
    files: await n(db.select({ n: count() }).from(blobs)),
    batches: await n(db.select({ n: count() }).from(batches)),
    committedBatches: await n(db.select({ n: count() }).from(batches).where(eq(batches.state, 'committed'))),
    conflicts: await n(db.select({ n: count() }).from(conflicts)),
  };
}
