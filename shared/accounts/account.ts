/** Accounts: who may log in, with which role; the inputs of the login, setup and account screens. */
import { safeText, z } from '../zod';
import { PERSON_ROLES, type PersonRole } from './permissions';

export const PASSWORD_MIN_LENGTH = 8;

/** Login names: lower-case letters without diacritics, digits, dot, dash, underscore. */
export const userNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'Tên đăng nhập cần ít nhất 3 ký tự')
  .max(32, 'Tên đăng nhập tối đa 32 ký tự')
  .regex(/^[a-z0-9._-]+$/, 'Tên đăng nhập chỉ gồm chữ không dấu, chữ số và dấu . _ -');

export const fullNameSchema = safeText(100, { tooLong: 'Họ và tên tối đa 100 ký tự' })
  .min(1, 'Hãy nhập họ và tên')
  .transform((s) => s.normalize('NFC'));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự`)
  .max(128, 'Mật khẩu tối đa 128 ký tự');

/** A password being checked: anything up to the bound (a short one is simply wrong). */
const givenPassword = z.string().min(1, 'Hãy nhập mật khẩu').max(128, 'Mật khẩu tối đa 128 ký tự');

export const roleSchema = z.enum(PERSON_ROLES, 'Vai trò không hợp lệ');

export interface SessionUser {
  id: string;
  userName: string;
  fullName: string;
  role: PersonRole;
}

export interface AccountSummary extends SessionUser {
  disabled: boolean;
  createdAt: string;
}

export interface AuthStatus {
  /** No account yet: the first start asks for the administrator. */
  setupNeeded: boolean;
  user: SessionUser | null;
}

export interface SetupResult {
  user: SessionUser;
  /** Printed once: opens the data if the last administrator's password is lost. */
  recoveryKey: string;
}

export const setupInput = z.object({
  fullName: fullNameSchema,
  userName: userNameSchema,
  password: passwordSchema,
});

export const loginInput = z.object({ userName: z.string().trim().toLowerCase().max(32), password: givenPassword });
export const unlockInput = z.object({ password: givenPassword });
export const changePasswordInput = z.object({ currentPassword: givenPassword, newPassword: passwordSchema });

export const createAccountInput = z.object({
  fullName: fullNameSchema,
  userName: userNameSchema,
  role: roleSchema,
  password: passwordSchema,
});
export const resetPasswordInput = z.object({ id: z.uuid('Mã tài khoản không hợp lệ'), password: passwordSchema });
export const setDisabledInput = z.object({ id: z.uuid('Mã tài khoản không hợp lệ'), disabled: z.boolean() });

/** The recovery key as printed: 8 groups of 4 characters (base32, no 0/1/8/9 confusion). */
export const recoveryKeySchema = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[^A-Z2-7]/g, ''))
  .refine((s) => s.length === 32, 'Khóa khôi phục gồm 32 ký tự (8 nhóm 4 ký tự)');
