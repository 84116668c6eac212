/** The only two IPC channels between the preload and the main process. */
export const IPC_INVOKE = 'sohoa:invoke';
export const IPC_STAGE_PATH = 'sohoa:stage-path';
