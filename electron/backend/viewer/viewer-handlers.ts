import type { HandlerTable } from '../api/handler-table';
import type { ViewerService } from './viewer-service';

export function viewerHandlers(
  viewer: ViewerService,
): HandlerTable<'viewer.getState' | 'viewer.saveState' | 'prefs.get' | 'prefs.set'> {
  return {
    'viewer.getState': ({ bookId }) => viewer.getState(bookId),
    'viewer.saveState': (state) => viewer.saveState(state),
    'prefs.get': () => viewer.getPreferences(),
    // Never the export folder: the input schema refuses it (chosen in Electron's main process only).
    'prefs.set': (update) => viewer.setPreferences(update),
  };
}
