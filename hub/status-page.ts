/** GET / : a minimal status page in Vietnamese (the review screens come with the next issue). */
import { count, desc, isNotNull } from 'drizzle-orm';
import { batches, communes, devices, entries } from './db/schema';
import type { HubContext } from './ingest';

const escape = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const time = (date: Date | null): string =>
  date ? date.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false }) : '—';

export async function statusPage(ctx: HubContext): Promise<string> {
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
    : '<p>Chưa nhận lô nào.</p>';
  const skewNote = skewed.length
    ? `<h2>Máy lệch giờ</h2><ul>${skewed
        .map(
          (d) =>
            `<li>${escape(d.name)} (${escape(d.id)}): lệch ${Math.round((d.clockSkewMs ?? 0) / 3_600_000)} giờ</li>`,
        )
        .join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escape(ctx.hubName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin-bottom:1.5rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}th{background:#f3f3f3}</style>
</head><body>
<h1>${escape(ctx.hubName)}</h1>
<p>Máy chủ huyện của Số hóa Hộ tịch: nhận dữ liệu từ các xã qua mạng hoặc USB.</p>
<h2>Các xã</h2>${communeTable}
<h2>Các lô gần đây</h2>${batchTable}
${skewNote}
</body></html>`;
}
