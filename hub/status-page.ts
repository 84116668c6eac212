/** GET / : a minimal status page in Vietnamese, with the way to the review screens (/kiem-tra/). */
import { count, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { peopleOf } from '../shared/records/people';
import { conflictFields, type ConflictSide } from '../shared/sync/conflict-fields';
import type { SyncEntry } from '../shared/sync/protocol';
import { batches, communes, conflicts, devices, entries, pages } from './db/schema';
import type { HubContext } from './ingest';

const escape = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const time = (date: Date | null): string =>
  date ? date.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false }) : '—';

/**
 * `details`: the conflicts with their values (names, dates of birth). Only for a request from the
 * hub's own machine or from logged-in district staff: to anybody else the page shows counts.
 */
export async function statusPage(ctx: HubContext, options: { details: boolean }): Promise<string> {
  const { db } = ctx;
  const communeRows = await db.select().from(communes).orderBy(communes.code);
  const deviceCounts = new Map(
    (await db.select({ code: devices.communeCode, n: count() }).from(devices).groupBy(devices.communeCode)).map((r) => [
      r.code,
      Number(r.n),
    ]),
  );
  const entryCounts = new Map(
    (await db.select({ code: entries.communeCode, n: count() }).from(entries).groupBy(entries.communeCode)).map((r) => [
      r.code,
      Number(r.n),
    ]),
  );
  const recent = await db
    .select({
      id: batches.id,
      communeCode: batches.communeCode,
      deviceId: batches.deviceId,
      state: batches.state,
      source: batches.source,
      hubSeq: batches.hubSeq,
      receivedAt: batches.receivedAt,
      committedAt: batches.committedAt,
      entries: batches.manifest,
    })
    .from(batches)
    .orderBy(desc(batches.receivedAt))
    .limit(20);
  const names = new Map(communeRows.map((c) => [c.code, c.name]));
  const skewed = await db.select().from(devices).where(isNotNull(devices.clockSkewMs));

  const communeTable = communeRows.length
    ? `<table><thead><tr><th>Mã xã</th><th>Tên xã</th><th>Số máy</th><th>Số bản ghi</th></tr></thead><tbody>${communeRows
        .map(
          (c) =>
            `<tr><td>${escape(c.code)}</td><td>${escape(c.name)}</td><td>${deviceCounts.get(c.code) ?? 0}</td><td>${
              entryCounts.get(c.code) ?? 0
            }</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>Chưa có xã nào. Thêm xã bằng lệnh <code>sohoa-hub commune add</code>.</p>';
  const batchTable = recent.length
    ? `<table><thead><tr><th>Số thứ tự</th><th>Xã</th><th>Máy</th><th>Đường gửi</th><th>Trạng thái</th><th>Bản ghi</th><th>Nhận lúc</th><th>Ghi nhận lúc</th></tr></thead><tbody>${recent
        .map(
          (b) =>
            `<tr><td>${b.hubSeq ?? '—'}</td><td>${escape(names.get(b.communeCode) ?? b.communeCode)}</td><td>${escape(
              b.deviceId,
            )}</td><td>${b.source === 'usb' ? 'USB' : 'Mạng'}</td><td>${
              b.state === 'committed' ? 'Đã ghi nhận' : 'Đang chờ tệp'
            }</td><td>${b.entries.entries.length}</td><td>${time(b.receivedAt)}</td><td>${time(b.committedAt)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>Chưa nhận gói dữ liệu nào.</p>';
  const skewNote = skewed.length
    ? `<h2>Máy lệch giờ</h2><ul>${skewed
        .map(
          (d) =>
            `<li>${escape(d.name)} (${escape(d.id)}): lệch ${Math.round((d.clockSkewMs ?? 0) / 3_600_000)} giờ</li>`,
        )
        .join('')}</ul>`
    : '';
  const conflictSection = options.details ? await conflictsSection(ctx, names) : await conflictCount(ctx);
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escape(ctx.hubName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin-bottom:1.5rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}th{background:#f3f3f3}</style>
</head><body>
<h1>${escape(ctx.hubName)}</h1>
<p>Máy chủ huyện của Số hóa Hộ tịch: nhận dữ liệu từ các xã qua mạng hoặc USB.</p>
<p><a href="/kiem-tra/">Đăng nhập kiểm tra</a></p>
<h2>Các xã</h2>${communeTable}
<h2>Các gói dữ liệu gần đây</h2>${batchTable}
${conflictSection}
${skewNote}
</body></html>`;
}

/** Open conflicts shown at most (the newest first). */
const CONFLICTS_SHOWN = 200;

const side = (entry: SyncEntry): ConflictSide => ({
  schemaVersion: entry.schemaVersion,
  data: entry.data,
  pageIds: [...entry.pages].sort((a, b) => a.position - b.position).map((p) => p.pageId),
  deleted: entry.deletedAt === null ? null : { reason: entry.deleteReason },
});

/** "Xung đột" without personal data: how many are open, and where to see them. */
async function conflictCount(ctx: HubContext): Promise<string> {
  const [row] = await ctx.db.select({ n: count() }).from(conflicts).where(isNull(conflicts.resolvedAt));
  const n = Number(row?.n ?? 0);
  return n === 0
    ? '<h2>Xung đột</h2><p>Không có xung đột nào đang mở.</p>'
    : `<h2>Xung đột</h2><p>Có ${n} xung đột đang mở. Chi tiết (họ tên và giá trị của từng trường) chỉ xem được trên chính máy chủ huyện (http://127.0.0.1:…/) hoặc sau khi <a href="/kiem-tra/">đăng nhập kiểm tra</a>.</p>`;
}

/**
 * "Xung đột": entry versions kept beside the hub's current one because their base was not it,
 * each with both values of every differing field, until a later version of that device is taken.
 */
async function conflictsSection(ctx: HubContext, communeNames: Map<string, string>): Promise<string> {
  const { db } = ctx;
  const open = await db
    .select({
      id: conflicts.id,
      entryId: conflicts.entryId,
      deviceId: conflicts.deviceId,
      hubVersion: conflicts.hubVersion,
      incomingVersion: conflicts.incomingVersion,
      hubData: conflicts.hubData,
      incomingData: conflicts.incomingData,
      createdAt: conflicts.createdAt,
      communeCode: entries.communeCode,
      deviceName: devices.name,
    })
    .from(conflicts)
    .leftJoin(entries, eq(entries.id, conflicts.entryId))
    .leftJoin(devices, eq(devices.id, conflicts.deviceId))
    .where(isNull(conflicts.resolvedAt))
    .orderBy(desc(conflicts.createdAt), desc(conflicts.id))
    .limit(CONFLICTS_SHOWN);
  if (open.length === 0) return '<h2>Xung đột</h2><p>Không có xung đột nào đang chờ xử lý.</p>';
  const pageIds = new Set(open.flatMap((c) => [...c.hubData.pages, ...c.incomingData.pages].map((p) => p.pageId)));
  const pageNos = new Map<string, number>();
  if (pageIds.size > 0) {
    for (const row of await db
      .select({ id: pages.id, data: pages.data })
      .from(pages)
      .where(inArray(pages.id, [...pageIds]))) {
      pageNos.set(row.id, row.data.pageNo);
    }
  }
  const rows = open.map((c) => {
    const hub = c.hubData;
    const incoming = c.incomingData;
    const fields = conflictFields(incoming.bookType, side(hub), side(incoming), (id) => pageNos.get(id));
    const so = typeof incoming.data.so === 'string' ? incoming.data.so : '';
    const name = peopleOf(incoming.bookType, incoming.data)[0]?.name ?? peopleOf(hub.bookType, hub.data)[0]?.name ?? '';
    const commune = c.communeCode ? (communeNames.get(c.communeCode) ?? c.communeCode) : '—';
    const diff = fields.length
      ? `<table class="both"><thead><tr><th>Trường</th><th>Bản trên huyện</th><th>Bản gửi lên</th></tr></thead><tbody>${fields
          .map((f) => `<tr><td>${escape(f.label)}</td><td>${escape(f.hub)}</td><td>${escape(f.local)}</td></tr>`)
          .join('')}</tbody></table>`
      : '<p>Hai bản có cùng nội dung các trường.</p>';
    return `<tr><td>${escape(commune)}</td><td>${escape(incoming.bookType)} số ${escape(so || '—')}</td><td>${escape(
      name || '—',
    )}</td><td>Phiên bản ${c.hubVersion} trên huyện, phiên bản ${c.incomingVersion} từ máy ${escape(
      c.deviceName ?? c.deviceId,
    )}</td><td>${time(c.createdAt)}</td><td>${diff}</td></tr>`;
  });
  return `<h2>Xung đột</h2>
<p>${open.length} bản ghi được hai nơi sửa khác nhau. Huyện giữ cả hai bản, không ghi đè; xã chọn bản đúng rồi gửi lại.</p>
<table><thead><tr><th>Xã</th><th>Số</th><th>Họ tên</th><th>Phiên bản</th><th>Nhận lúc</th><th>Các trường khác nhau</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table>`;
}
