/**
 * Pulls the exception out of a run's ERROR logs. Prefect's own engine frames dominate a
 * raw traceback; the assistant needs the user's frames and the final exception line.
 */

export interface ExceptionInfo {
  type: string;
  message: string;
  /** Trimmed traceback: user frames plus the exception line. */
  traceback: string | null;
}

/** Frames from these places are engine or interpreter plumbing, not the cause. */
const NOISE = [/[\\/]site-packages[\\/](prefect|anyio|pydantic|httpx|httpcore|opentelemetry)[\\/]/, /[\\/]lib[\\/]python\d+(\.\d+)?[\\/](?!site-packages)/, /<frozen /];
const MAX_FRAMES = 6;
const MAX_CHARS = 2500;

interface Frame {
  header: string;
  body: string[];
}

/** Picks the first traceback in time (the origin; later ones are the same error re-raised by the flow). */
export function exceptionFromLogs(messages: string[]): ExceptionInfo | null {
  for (const message of messages) {
    const start = message.indexOf('Traceback (most recent call last):');
    if (start === -1) continue;
    return parseTraceback(message.slice(start));
  }
  return null;
}

export function parseTraceback(text: string): ExceptionInfo {
  const lines = text.split('\n').slice(1);
  const frames: Frame[] = [];
  let tail: string[] = [];
  for (const line of lines) {
    if (/^\s{2}File "/.test(line)) frames.push({ header: line, body: [] });
    else if (/^\s{4}/.test(line) && frames.length && tail.length === 0) frames[frames.length - 1].body.push(line);
    else if (line.trim()) tail.push(line);
  }
  // A chained traceback ("During handling…") restarts; keep only the last exception line block.
  tail = tail.filter((line) => !/^(During handling|The above exception|Traceback \(most recent)/.test(line));
  const exceptionLine = tail[tail.length - 1] ?? '';
  const parsed = exceptionFromLine(exceptionLine) ?? { type: 'Exception', message: exceptionLine };

  const user = frames.filter((frame) => !NOISE.some((pattern) => pattern.test(frame.header)));
  const kept = (user.length ? user : frames).slice(-MAX_FRAMES);
  const hidden = frames.length - kept.length;
  const body = kept.map((frame) => [frame.header, ...frame.body.filter((line) => !/^\s*[~^]+\s*$/.test(line))].join('\n'));
  let traceback = [
    'Traceback (most recent call last):',
    ...(hidden > 0 ? [`  … ${hidden} Prefect/library frame(s) hidden`] : []),
    ...body,
    exceptionLine,
  ].join('\n');
  if (traceback.length > MAX_CHARS) traceback = `${traceback.slice(0, MAX_CHARS)}\n  … (truncated)`;
  return { ...parsed, traceback };
}

/** "ValueError: boom" or "mod.CustomError: boom" → type and message. */
export function exceptionFromLine(line: string): { type: string; message: string } | null {
  const match = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Timeout|Warning|Cancelled|[A-Z]\w*)):?\s?(.*)$/.exec(line.trim());
  return match ? { type: match[1], message: match[2] } : null;
}

/** Falls back to the state message ("Flow run encountered an exception: ValueError: boom"). */
export function exceptionFromStateMessage(message: string | null | undefined): ExceptionInfo | null {
  if (!message) return null;
  const match = /exception:?\s+([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Timeout))[:(]\s*(.*)$/s.exec(message);
  return match ? { type: match[1], message: match[2].replace(/\)$/, ''), traceback: null } : null;
}

/** A log message with its traceback trimmed to the frames that matter; other messages pass unchanged. */
export function withTrimmedTraceback(message: string): string {
  const start = message.indexOf('Traceback (most recent call last):');
  if (start === -1) return message;
  return message.slice(0, start) + parseTraceback(message.slice(start)).traceback;
}
