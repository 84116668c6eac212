/**
 * The lot review over the hub's real review API (session cookie, CSRF token, the contract's
 * schemas): what goes over the wire before the blind read holds none of the clerk's critical
 * values; a refusal comes back with its status and Vietnamese message.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubAudit } from '../../../hub/db/schema';
import { createHubUser } from '../../../hub/review/users';
import { CSRF_HEADER, HUB_SESSION_COOKIE, type LotDetail, type LotSummary } from '../../../shared/review/hub-api';
import { addCommune, enroll, startTestHub, type TestHub } from './helpers';
import { ghBook, ghData, ghEntry, send } from './review-helpers';

const HOOK_MS = 180_000;
const TEST_MS = 180_000;
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  await createHubUser(
    hub.ctx,
    { username: 'kiemtra', displayName: 'Nguyễn Văn Kiểm', role: 'reviewer', password: 'mat-khau-kiem-tra' },
    'test',
  );
}, HOOK_MS);
afterAll(async () => {
  await hub?.close();
}, HOOK_MS);

interface Session {
  cookie: string;
  csrf: string;
}

async function rpc(method: string, input: unknown, session?: Session): Promise<{ status: number; text: string }> {
  const response = await fetch(`${hub.url}/api/review/call/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(session ? { cookie: session.cookie, [CSRF_HEADER]: session.csrf } : {}),
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, text: await response.text() };
}

async function login(): Promise<Session> {
  const response = await fetch(`${hub.url}/api/review/call/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'kiemtra', password: 'mat-khau-kiem-tra' }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${HUB_SESSION_COOKIE}=`)) ?? '';
  const body = (await response.json()) as { result: { csrfToken: string } };
  return { cookie: cookie.split(';')[0] ?? '', csrf: body.result.csrfToken };
}

function resultOf<T>(answer: { status: number; text: string }): T {
  expect(answer.status, answer.text).toBe(200);
  return (JSON.parse(answer.text) as { result: T }).result;
}

describe('the lot review over HTTP', () => {
  it(
    'lists the lot a commit opened, draws it, keeps critical values off the wire until the blind read',
    async () => {
      await addCommune(hub.ctx, '40001', 'Xã Bình Minh');
      const device = await enroll(hub, '40001');
      const book = ghBook('40001');
      const ward = { ...(ghData(3).nguoiDuocGiamHo as object), hoTen: 'Hoàng Thị Thu Trang', ngaySinh: '2011-09-21' };
      const target = ghEntry(book.id, ghData(3, { nguoiDuocGiamHo: ward }));
      await send(hub, device, [book], [target, ghEntry(book.id, ghData(4))]);

      const session = await login();
      const anonymous = await rpc('lots.list', {});
      expect(anonymous.status).toBe(401);
      const listed = resultOf<LotSummary[]>(await rpc('lots.list', {}, session));
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ bookId: book.id, state: 'waiting', lotSize: 2, communeName: 'Xã Bình Minh' });
      const lotId = listed[0]!.id;

      const drawn = await rpc('lots.draw', { lotId, seed: '77' }, session);
      expect(resultOf<LotDetail>(drawn).sample).toHaveLength(2);
      expect(drawn.text).not.toContain('Hoàng Thị Thu Trang');
      const again = await rpc('lots.draw', { lotId, seed: '77' }, session);
      expect(again.status).toBe(409);
      expect(JSON.parse(again.text)).toMatchObject({ error: { code: 'CONFLICT' } });
      expect(again.text).toContain('đã rút mẫu');

      const entry = await rpc('review.entry', { lotId, entryId: target.id }, session);
      expect(entry.status).toBe(200);
      for (const secret of ['Hoàng Thị Thu Trang', '2011-09-21', '21/09/2011', '03/2018', '2018-03-04', '04/03/2018']) {
        expect(entry.text).not.toContain(secret);
      }
      const read = await rpc(
        'review.blindRead',
        {
          lotId,
          entryId: target.id,
          reads: [
            { path: 'so', value: '03/2018' },
            { path: 'ngayDangKy', value: '4/3/2018' },
            { path: 'nguoiDuocGiamHo.hoTen', value: 'Hoàng Thị Thu Trang' },
            { path: 'nguoiDuocGiamHo.ngaySinh', value: '21/9/2011' },
          ],
        },
        session,
      );
      expect(read.status).toBe(200);
      expect(read.text).toContain('Hoàng Thị Thu Trang');
      expect(read.text).toContain('21/09/2011');

      const wrongWithoutRead = await rpc(
        'review.verdict',
        { lotId, entryId: target.id, path: 'quyenSo', verdict: 'wrong' },
        session,
      );
      expect(wrongWithoutRead.status).toBe(400);
      expect(wrongWithoutRead.text).toContain('giá trị đọc được');
      const audited = await hub.ctx.db.select().from(hubAudit).where(eq(hubAudit.action, 'lots.draw'));
      expect(audited).toHaveLength(1);

      // The minutes: only for a decided lot, only to a logged-in reviewer, as a PDF.
      const minutesUrl = `${hub.url}/api/review/lots/${lotId}/bien-ban.pdf`;
      const early = await fetch(minutesUrl, { headers: { cookie: session.cookie } });
      expect(early.status).toBe(409);
      expect(await early.text()).toContain('chưa có kết luận');
      const other = resultOf<LotDetail>(await rpc('lots.get', { lotId }, session)).sample.find(
        (s) => s.entryId !== target.id,
      )!;
      const otherData = ghData(4);
      resultOf(
        await rpc(
          'review.blindRead',
          {
            lotId,
            entryId: other.entryId,
            reads: [
              { path: 'so', value: String(otherData.so) },
              { path: 'ngayDangKy', value: String(otherData.ngayDangKy) },
              { path: 'nguoiDuocGiamHo.hoTen', value: String((otherData.nguoiDuocGiamHo as { hoTen: string }).hoTen) },
              {
                path: 'nguoiDuocGiamHo.ngaySinh',
                value: String((otherData.nguoiDuocGiamHo as { ngaySinh: string }).ngaySinh),
              },
            ],
          },
          session,
        ),
      );
      for (const entryId of [target.id, other.entryId]) {
        resultOf(await rpc('review.markRestOk', { lotId, entryId }, session));
      }
      const decided = resultOf<LotDetail>(await rpc('lots.decide', { lotId, decision: 'accepted' }, session));
      expect(decided.state).toBe('accepted');
      expect((await fetch(minutesUrl)).status).toBe(401);
      const minutes = await fetch(minutesUrl, { headers: { cookie: session.cookie } });
      expect(minutes.status).toBe(200);
      expect(minutes.headers.get('content-type')).toBe('application/pdf');
      expect(minutes.headers.get('content-disposition')).toContain('bien-ban-nghiem-thu');
      expect(
        Buffer.from(await minutes.arrayBuffer())
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');
    },
    TEST_MS,
  );
});
