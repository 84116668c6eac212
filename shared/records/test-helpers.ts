/** Helpers for the record tests (not used by the app). */
import type { z } from '../zod';
import type { RuleIssue } from './rules';

/** Every error of a parse, as {"dotted.path": message}; several on one path are joined with " | ". */
export function errorsOf(schema: z.ZodType, data: unknown): Record<string, string> {
  const result = schema.safeParse(data);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] = out[key] ? `${out[key]} | ${issue.message}` : issue.message;
  }
  return out;
}

/** Warnings as {"dotted.path": message}, several on one path joined with " | ". */
export function byPath(issues: RuleIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    out[key] = out[key] ? `${out[key]} | ${issue.message}` : issue.message;
  }
  return out;
}
