/** Hub-wide review settings (one hub serves one district): the AQL of new lots. */
import { eq } from 'drizzle-orm';
import { DEFAULT_AQL, aqlSchema } from '../../shared/review/review';
import { reviewSettings } from '../db/schema';
import type { HubDb, HubTx } from '../db/open';

const AQL_KEY = 'aql';

/** The AQL new lots are planned with (DEFAULT_AQL until a district admin sets one). */
export async function currentAql(db: HubDb | HubTx): Promise<number> {
  const [row] = await db.select().from(reviewSettings).where(eq(reviewSettings.key, AQL_KEY));
  const parsed = aqlSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_AQL;
}

export async function setAql(db: HubDb | HubTx, aql: number, actor: string): Promise<number> {
  const value = aqlSchema.parse(aql);
  await db
    .insert(reviewSettings)
    .values({ key: AQL_KEY, value, updatedBy: actor })
    .onConflictDoUpdate({ target: reviewSettings.key, set: { value, updatedBy: actor, updatedAt: new Date() } });
  return value;
}
