/** A deployment schedule in words, the same in get_deployments and diagnose_deployment. */
import type { Schedule } from '../../prefect/types.js';
import { humanDuration } from './shared.js';

/** 'every 1h', 'cron 0 9 * * * (Europe/Paris)', 'rrule …'; the zone only when it is not UTC. */
export function describeSchedule(schedule: Schedule): string {
  const zone = schedule.timezone && schedule.timezone !== 'UTC' ? ` (${schedule.timezone})` : '';
  if (schedule.interval !== undefined) return `every ${humanDuration(schedule.interval)}`;
  if (schedule.cron) return `cron ${schedule.cron}${zone}`;
  if (schedule.rrule) return `rrule ${schedule.rrule}${zone}`;
  return JSON.stringify(schedule);
}
