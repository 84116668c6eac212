import type { HandlerTable } from '../api/handler-table';
import { ensureWritableDir } from '../export/folder';
import type { ViewerService } from './viewer-service';

export function viewerHandlers(
  viewer: ViewerService,
): HandlerTable<'viewer.getState' | 'viewer.saveState' | 'prefs.get' | 'prefs.set'> {
  return {
    'viewer.getState': ({ bookId }) => viewer.getState(bookId),
    'viewer.saveState': (state) => viewer.saveState(state),
    'prefs.get': () => viewer.getPreferences(),
    // An export folder is kept only when it is absolute, creatable and writable.
    'prefs.set': async (update) =>
      viewer.setPreferences(
        update.exportDir !== undefined ? { ...update, exportDir: await ensureWritableDir(update.exportDir) } : update,
      ),
  };
}
