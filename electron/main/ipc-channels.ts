/** The only IPC channels between the preload and the main process. */
export const IPC_INVOKE = 'sohoa:invoke';
export const IPC_STAGE_PATH = 'sohoa:stage-path';
/**
 * The export folder: chosen in a main-process dialog and stored by main itself (no argument from
 * the page). Opening it is the API's 'export.openFolder' (the backend opens with the shell).
 */
export const IPC_PICK_EXPORT_FOLDER = 'sohoa:pick-export-folder';
