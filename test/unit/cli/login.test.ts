import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBookPdf } from '../../fixtures/scans';
import { sohoaWithEnv, TEST_LOGIN } from '../../fixtures/sohoa';
import { tempDir, testBackend } from '../backend/helpers';

describe('sohoa setup and login', () => {
  it('sets up the administrator without questions, prints the recovery key, then every verb logs in', async () => {
    const data = path.join(await tempDir(), 'du-lieu');
    const setup = await sohoaWithEnv(
      { SOHOA_PASSWORD: TEST_LOGIN.SOHOA_PASSWORD },
      'setup',
      '--admin',
      TEST_LOGIN.SOHOA_USER,
      '--full-name',
      'Nguyễn Văn Quản',
      '--data-dir',
      data,
    );
    expect(setup.code).toBe(0);
    expect(setup.stdout.trim()).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    expect(setup.stderr).toContain('KHÔNG THỂ mở lại dữ liệu');
    expect(fs.readFileSync(path.join(data, 'sohoa.sqlite')).subarray(0, 15).toString('latin1')).not.toBe(
      'SQLite format 3',
    );
    const again = await sohoaWithEnv(TEST_LOGIN, 'setup', '--admin', 'khac', '--data-dir', data);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('đã có tài khoản quản trị');

    const pdf = await makeBookPdf(path.join(await tempDir(), 'so.pdf'), 1);
    const imported = await sohoaWithEnv(
      { SOHOA_PASSWORD: TEST_LOGIN.SOHOA_PASSWORD },
      'book',
      'import',
      pdf,
      '--type',
      'GH',
      '--volume',
      '01/2018',
      '--office',
      'UBND xã A',
      '--user',
      TEST_LOGIN.SOHOA_USER,
      '--data-dir',
      data,
    );
    expect(imported.code).toBe(0);
    // The audit log names the account that ran the command, and this installation.
    const backend = await testBackend(data);
    const row = backend.db.sqlite
      .prepare("SELECT actor, user_id AS userId, device_id AS deviceId FROM audit_log WHERE action = 'book.create'")
      .get();
    expect(row).toEqual({ actor: 'can-bo-test', userId: backend.session.user!.id, deviceId: backend.deviceId });
  });

  it('answers a wrong or missing password with one Vietnamese line and exit 2', async () => {
    const data = await tempDir();
    await sohoaWithEnv(
      { SOHOA_PASSWORD: TEST_LOGIN.SOHOA_PASSWORD },
      'setup',
      '--admin',
      'can-bo-test',
      '--data-dir',
      data,
    );
    const wrong = await sohoaWithEnv(
      { ...TEST_LOGIN, SOHOA_PASSWORD: 'sai-mat-khau' },
      'book',
      'list',
      '--data-dir',
      data,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toBe('Tên đăng nhập hoặc mật khẩu không đúng');
    const noPassword = await sohoaWithEnv({ SOHOA_USER: 'can-bo-test' }, 'book', 'list', '--data-dir', data);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('Cần mật khẩu: đặt biến môi trường SOHOA_PASSWORD');
    const noUser = await sohoaWithEnv({ SOHOA_PASSWORD: 'x' }, 'book', 'list', '--data-dir', data);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toContain('Cần tài khoản: dùng --user TÊN hoặc đặt biến môi trường SOHOA_USER');
    const notSetUp = await sohoaWithEnv(TEST_LOGIN, 'book', 'list', '--data-dir', await tempDir());
    expect(notSetUp.code).toBe(2);
    expect(notSetUp.stderr.trim()).toBe('Chưa có tài khoản quản trị. Hãy tạo tài khoản quản trị trước.');
  });

  it('recover: the printed recovery key gives the administrator a new password', async () => {
    const data = await tempDir();
    const setup = await sohoaWithEnv(
      { SOHOA_PASSWORD: 'mat-khau-cu-1' },
      'setup',
      '--admin',
      'quantri',
      '--data-dir',
      data,
    );
    const recoveryKey = setup.stdout.trim();
    const wrongKey = await sohoaWithEnv(
      { SOHOA_RECOVERY_KEY: 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA', SOHOA_PASSWORD: 'mat-khau-moi-1' },
      'recover',
      '--admin',
      'quantri',
      '--data-dir',
      data,
    );
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr.trim()).toBe('Khóa khôi phục không đúng');
    const recovered = await sohoaWithEnv(
      { SOHOA_RECOVERY_KEY: recoveryKey, SOHOA_PASSWORD: 'mat-khau-moi-1' },
      'recover',
      '--admin',
      'quantri',
      '--data-dir',
      data,
    );
    expect(recovered.code, recovered.stderr).toBe(0);
    const listed = await sohoaWithEnv(
      { SOHOA_USER: 'quantri', SOHOA_PASSWORD: 'mat-khau-moi-1' },
      'book',
      'list',
      '--data-dir',
      data,
    );
    expect(listed.code, listed.stderr).toBe(0);
  });
});
