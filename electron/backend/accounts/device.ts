/** This installation's stable id: created once, with the database, and kept in it. */
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/database';

export function ensureDeviceId(db: Database, now: () => string = () => new Date().toISOString()): string {
  const insert = db.sqlite.prepare(
    'INSERT INTO installation (singleton, device_id, created_at) VALUES (1, ?, ?) ON CONFLICT (singleton) DO NOTHING',
  );
  insert.run(uuidv7(), now());
  const row = db.sqlite.prepare('SELECT device_id AS deviceId FROM installation WHERE singleton = 1').get() as {
    deviceId: string;
  };
  return row.deviceId;
}
