/** What the viewer remembers: per book the last page and zoom, per user the layout. */
import { absoluteDir } from '../export/export';
import { z } from '../zod';

export const zoomSchema = z.union([
  z.literal('fit-width'),
  z.literal('fit-page'),
  z.number().min(0.1, 'Thu nhỏ tối đa 10%').max(8, 'Phóng to tối đa 800%'),
]);
export type Zoom = z.infer<typeof zoomSchema>;

export const saveViewStateInput = z.object({
  bookId: z.uuid('Mã sổ không hợp lệ'),
  pageId: z.uuid('Mã trang không hợp lệ').nullable(),
  zoom: zoomSchema,
});
export type ViewState = z.infer<typeof saveViewStateInput>;

export const LAYOUTS = ['side', 'stacked'] as const;

export const preferencesSchema = z.object({
  /** Share of the width (side by side) or height (stacked) given to the page. */
  splitRatio: z.number().min(0.15).max(0.85).default(0.55),
  /** Page beside the form, or above it for wide ledger pages. */
  layout: z.enum(LAYOUTS).default('side'),
  /** Minutes without keyboard or mouse before the screen locks (the form underneath is kept). */
  idleLockMinutes: z.number().min(0.05, 'Ít nhất 3 giây').max(240, 'Tối đa 240 phút').default(10),
  /**
   * The folder exports go to (read-only for the renderer). `prefs.get` always gives the export
   * root in force: `<data-dir>/xuat` in the web host; in Electron the folder chosen in the main
   * process's dialog, the default (Documents/SoHoaHoTich) until then. `prefs.set` does not take it.
   */
  exportDir: absoluteDir.optional(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** What the renderer may set: everything but the export folder (an unknown key is refused). */
export const setPreferencesInput = preferencesSchema.omit({ exportDir: true }).partial().strict();
