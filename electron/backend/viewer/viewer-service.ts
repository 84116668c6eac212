/** The viewer's memory: where each user left each book, and their layout preferences. */
import { and, eq } from 'drizzle-orm';
import { preferencesSchema, zoomSchema, type Preferences, type ViewState } from '../../../shared/viewer/viewer';
import { AppError } from '../../../shared/api/errors';
import type { BackendContext } from '../context';
import type { WriteGateway } from '../db/write-gateway';
import { preferences, viewStates } from '../db/schema';

export interface ViewerServiceOptions {
  /** The export folder until one is chosen in the main process's dialog. */
  defaultExportDir?: string;
  /** Exports always go here, whatever is stored (the web host: `<data-dir>/xuat`). */
  fixedExportDir?: string;
}

/** What the viewer asks of the books capability. */
export interface ViewerBooks {
  exists(bookId: string): boolean;
  isPageOfBook(pageId: string, bookId: string): boolean;
}

export function createViewerService(ctx: BackendContext, gateway: WriteGateway, options: ViewerServiceOptions = {}) {
  const { orm } = ctx.db;

  function getState(bookId: string): ViewState | null {
    const row = orm
      .select()
      .from(viewStates)
      .where(and(eq(viewStates.actor, ctx.actor), eq(viewStates.bookId, bookId)))
      .get();
    if (!row) return null;
    const zoom = zoomSchema.safeParse(JSON.parse(row.zoom));
    return { bookId, pageId: row.pageId, zoom: zoom.success ? zoom.data : 'fit-width' };
  }

  let books: ViewerBooks | undefined;
  function booksOf(): ViewerBooks {
    if (!books) throw new Error('viewer service used before the books service attached itself');
    return books;
  }

  function saveState(state: ViewState): ViewState {
    if (!booksOf().exists(state.bookId)) throw new AppError('VALIDATION', 'Không tìm thấy sổ này');
    // A page of another book would reopen this one on a page it does not have.
    if (state.pageId !== null && !booksOf().isPageOfBook(state.pageId, state.bookId)) {
      throw new AppError('VALIDATION', 'Trang này không thuộc sổ đang mở', {
        issues: [{ path: 'pageId', message: 'Trang này không thuộc sổ đang mở' }],
      });
    }
    gateway.write('viewState', (tx) => {
      const values = { pageId: state.pageId, zoom: JSON.stringify(state.zoom), updatedAt: tx.at };
      tx.orm
        .insert(viewStates)
        .values({ actor: tx.actor, bookId: state.bookId, ...values })
        .onConflictDoUpdate({ target: [viewStates.actor, viewStates.bookId], set: values })
        .run();
    });
    return state;
  }

  function getPreferences(): Preferences {
    const rows = orm.select().from(preferences).where(eq(preferences.actor, ctx.actor)).all();
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    // Unknown or out-of-range values (an older version's) fall back to the defaults.
    const parsed = preferencesSchema.safeParse(stored);
    const prefs = parsed.success ? parsed.data : preferencesSchema.parse({});
    const exportDir = options.fixedExportDir ?? prefs.exportDir ?? options.defaultExportDir;
    return { ...prefs, ...(exportDir ? { exportDir } : {}) };
  }

  /** The folder exports of the acting user go to (see Preferences.exportDir). */
  function exportRoot(): string | undefined {
    return getPreferences().exportDir;
  }

  /** What the renderer may set (`prefs.set`): never the export folder. */
  function setPreferences(update: Omit<Partial<Preferences>, 'exportDir'>): Preferences {
    return store(update);
  }

  /**
   * The export folder of the acting user, chosen in Electron's main-process dialog (never a path
   * from the renderer). `dir` must already be checked writable (`ensureWritableDir`).
   */
  function setExportDir(dir: string): Preferences {
    if (options.fixedExportDir) {
      throw new AppError(
        'VALIDATION',
        `Thư mục xuất cố định là ${options.fixedExportDir}; không chọn thư mục khác được`,
      );
    }
    return store({ exportDir: dir });
  }

  function store(update: Partial<Preferences>): Preferences {
    gateway.write('preference', (tx) => {
      const at = tx.at;
      for (const [key, value] of Object.entries(update)) {
        if (value === undefined) continue;
        tx.orm
          .insert(preferences)
          .values({ actor: tx.actor, key, value: JSON.stringify(value), updatedAt: at })
          .onConflictDoUpdate({
            target: [preferences.actor, preferences.key],
            set: { value: JSON.stringify(value), updatedAt: at },
          })
          .run();
      }
    });
    return getPreferences();
  }

  /** Pages gone from their book (their file removed): no one's view state points at them any more. */
  function forgetPages(pageIds: string[]): void {
    gateway.write('viewState', (tx) => {
      const clear = tx.sqlite.prepare('UPDATE view_states SET page_id = NULL WHERE page_id = ?');
      for (const id of pageIds) clear.run(id);
    });
  }

  return {
    /** The books service answers whose pages the view state names (see ViewerBooks). */
    attachBooks(port: ViewerBooks): void {
      books = port;
    },
    getState,
    saveState,
    getPreferences,
    setPreferences,
    setExportDir,
    exportRoot,
    forgetPages,
  };
}

export type ViewerService = ReturnType<typeof createViewerService>;
