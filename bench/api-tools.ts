/**
 * Per-tool latency and response size for the same questions on both servers, both sessions open
 * side by side and the calls interleaved (ours then theirs, then theirs then ours, ...), so
 * both see the same Prefect server under the same load. Peak RSS of each server is read at the
 * end of this session: it is the memory an editor pays for the API tools.
 */
import type { Question } from './questions.js';
import { responseSize, type ResponseSize } from './response-size.js';
import { openSession, type ServerSpec, type Side } from './servers.js';
import { summarize, type Summary } from './stats.js';
import { timedCall } from './timed-call.js';

const WARMUP_CALLS = 3;

export interface ToolSide {
  tool: string;
  arguments: Record<string, unknown>;
  latencyMs: Summary;
  calls: number;
  errors: number;
  firstError?: string;
  size: ResponseSize | null;
}

export interface ApiQuestionResult {
  id: string;
  label: string;
  ours: ToolSide;
  theirs: ToolSide;
}

export interface ApiToolsResult {
  questions: ApiQuestionResult[];
  peakRssMib: Record<Side, number | null>;
  processes: Record<Side, number>;
}

export async function benchApiTools(
  specs: Record<Side, ServerSpec>,
  questions: Question[],
  callsEach: number,
  progress: (line: string) => void,
): Promise<ApiToolsResult> {
  const ours = await openSession(specs.ours);
  const theirs = await openSession(specs.theirs).catch(async (error: unknown) => {
    await ours.close();
    throw error;
  });
  const sessions = { ours, theirs };
  try {
    const latencies = new Map<string, number[]>();
    const errors = new Map<string, string[]>();
    const sizes = new Map<string, ResponseSize>();
    const key = (question: Question, side: Side) => `${question.id}/${side}`;

    for (let round = -WARMUP_CALLS; round < callsEach; round++) {
      const order: Side[] = round % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
      for (const question of questions) {
        for (const side of order) {
          const outcome = await timedCall(sessions[side].client, question.calls[side]);
          if (round < 0) continue;
          const id = key(question, side);
          if (outcome.ok) {
            (latencies.get(id) ?? latencies.set(id, []).get(id)!).push(outcome.ms);
            sizes.set(id, responseSize(outcome.result, question.itemsKey));
          } else {
            (errors.get(id) ?? errors.set(id, []).get(id)!).push(outcome.error);
          }
        }
      }
      if (round >= 0 && (round + 1) % 10 === 0) progress(`API tools: ${round + 1}/${callsEach} rounds`);
    }

    const toolSide = (question: Question, side: Side): ToolSide => {
      const id = key(question, side);
      const failed = errors.get(id) ?? [];
      return {
        tool: question.calls[side].name,
        arguments: question.calls[side].arguments,
        latencyMs: summarize(latencies.get(id) ?? []),
        calls: callsEach,
        errors: failed.length,
        ...(failed[0] ? { firstError: failed[0] } : {}),
        size: sizes.get(id) ?? null,
      };
    };
    const rss = { ours: sessions.ours.rss.stop(), theirs: sessions.theirs.rss.stop() };
    return {
      questions: questions.map((question) => ({ id: question.id, label: question.label, ours: toolSide(question, 'ours'), theirs: toolSide(question, 'theirs') })),
      peakRssMib: { ours: rss.ours.mib, theirs: rss.theirs.mib },
      processes: { ours: rss.ours.processes, theirs: rss.theirs.processes },
    };
  } finally {
    await Promise.all([sessions.ours.close(), sessions.theirs.close()]);
  }
}
