/** Log levels, lowest first: shared by the logger and the configuration resolver that picks one. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
