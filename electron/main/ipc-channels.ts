/** The only IPC channels between the preload and the main process. */
export const IPC_INVOKE = 'sohoa:invoke';
export const IPC_STAGE_PATH = 'sohoa:stage-path';
/** The export folder: picked in a main-process dialog, opened with the shell. */
export const IPC_PICK_FOLDER = 'sohoa:pick-folder';
export const IPC_OPEN_FOLDER = 'sohoa:open-folder';
