/**
 * The shape of `seed.json`, written by test/fixtures/seed.py (keep the two in step; `version` bumps on a
 * breaking change). Every id is a Prefect UUID string. Tests read it through `requireTestBed().seed`.
 *
 * Which objects tests may change: only `flowRuns.cancellable` (one per cancelling test) and runs a test
 * creates itself, e.g. through `deployments.manual`. Everything else is read-only shared state; count
 * assertions should filter by these ids/names (other files run concurrently and may add runs).
 */

export interface NamedRef {
  id: string;
  name: string;
}

export interface SeedDeployment extends NamedRef {
  flowName: string;
  /** "flow-name/deployment-name" */
  fullName: string;
  workPoolName: string;
  workQueueName: string;
  paused: boolean;
  scheduleIds: string[];
}

export interface SeedTaskRun extends NamedRef {
  /** State type, e.g. "COMPLETED" / "FAILED". */
  state: string | null;
  runCount: number;
}

export interface SeedBlock extends NamedRef {
  /** Block type slug. */
  blockType: string;
  /** A string stored inside the block's data: it must never appear in any tool output. */
  canary: string;
  /** Whether GET /block_documents/{id} masks the canary ("********"). False for the dict-valued Secret:
   *  Prefect returns it in clear, so only our own filtering keeps it out of tool output. */
  maskedByServer: boolean;
}

export interface SeedManifest {
  version: 1;
  apiUrl: string;
  createdAt: string;
  prefectVersion: string | null;

  flows: {
    /** etl-pipeline: the COMPLETED run (tasks extract/transform/load, artifacts). */
    etl: NamedRef;
    /** flaky-flow: the FAILED run; also the flow of deployment `late`. */
    flaky: NamedRef;
    /** parent-flow: runs child-flow twice as subflows. */
    parent: NamedRef;
    child: NamedRef;
    /** hello-flow: target of deployments paused/saturated/manual, the crashed and cancellable runs. */
    hello: NamedRef;
  };

  flowRuns: {
    /** etl-pipeline, COMPLETED, 3 task runs (extract retried once), INFO logs, 2 artifacts. */
    completed: string;
    /** flaky-flow, FAILED: task load-to-warehouse (retries=2) raised ValueError 3 times; logs hold "Traceback".
     *  It is the most recent FAILED/CRASHED run of the seed. */
    failed: string;
    /** hello-flow, CRASHED (Pending → Running → Crashed, "exited with non-zero status code 137"); no deployment. */
    crashed: string;
    /** Scheduled run of deployment `paused`, CANCELLED through the state API. */
    cancelled: string;
    /** parent-flow COMPLETED with two child-flow subflow runs. */
    parent: string;
    /** The two child-flow runs (parent_task_run_id links them to `parent`), sorted by name. */
    children: string[];
    /** Deployment `saturated`: RUNNING, holds the deployment's only concurrency slot (24 h lease). Backdated: started
     *  40 min before the seed, no heartbeats, no logs (worker pool has an online worker): a stuck holder. */
    running: string;
    /** Deployment `stuck` (pool without workers): RUNNING since 46 min before the seed, heartbeats every 3 min until
     *  39 min before the seed, no logs; its task run `taskRuns.tagSlotHolder` holds the tag limit's only slot. */
    stuck: string;
    /** Deployment `saturated`: its Pending proposal was rejected → SCHEDULED, state name "AwaitingConcurrencySlot". */
    awaitingConcurrencySlot: string;
    /** hello-flow runs SCHEDULED one day ahead, no deployment, tag "cancellable": free for cancel_flow_run tests. */
    cancellable: string[];
    /** Deployment `late` (pool without workers): 3 runs, state name "Late" (SCHEDULED type), 30/20/10 min late. */
    late: string[];
    /** Every seeded Late run grouped by why it is late. */
    lateByCause: {
      noWorker: string[];
      /** Deployment `pausedPool`, 25 min late. */
      pausedPool: string[];
      /** Deployment `pausedQueue`, 15 min late. */
      pausedQueue: string[];
      /** Deployment `saturated`, 20 min late. */
      concurrency: string[];
    };
    /** All 6 Late runs above. */
    allLate: string[];
  };

  taskRuns: {
    /** `extract` in the completed run: failed once (TimeoutError), COMPLETED on retry, runCount 2. */
    retriedThenCompleted: SeedTaskRun;
    /** `load-to-warehouse` in the failed run: FAILED, runCount 3 (retries 2 exhausted). */
    failedAfterRetries: SeedTaskRun & { retries: number; exceptionType: string; message: string };
    /** Task runs in the completed run (3). */
    completedRunTaskCount: number;
    /** RUNNING task run (tag seed-database) of flowRuns.stuck: the known holder of the tag limit's slot. */
    tagSlotHolder: NamedRef & { flowRunId: string };
  };

  deployments: {
    /** etl-pipeline/seed-paused-schedule: its only schedule inactive; pool seed-worker-pool (online worker). */
    pausedSchedule: SeedDeployment;
    /** hello-flow/seed-paused-deployment: deployment paused (schedule active). */
    paused: SeedDeployment;
    /** flaky-flow/seed-late: active schedule in seed-no-worker-pool; Late runs flowRuns.lateByCause.noWorker. */
    late: SeedDeployment;
    /** etl-pipeline/seed-in-paused-pool: active schedule in the paused pool. */
    pausedPool: SeedDeployment;
    /** etl-pipeline/seed-in-paused-queue: active schedule, queue seed-paused-queue (paused). */
    pausedQueue: SeedDeployment;
    /** hello-flow/seed-saturated: concurrency_limit 1, held by flowRuns.running. */
    saturated: SeedDeployment;
    /** hello-flow/seed-stuck: no schedule, in seed-no-worker-pool, tag seed-database (its tag limit is full); its run
     *  flowRuns.stuck is a zombie. */
    stuck: SeedDeployment;
    /** hello-flow/seed-manual: no schedule, in seed-worker-pool; for run_deployment tests. */
    manual: SeedDeployment;
  };

  workPools: {
    /** seed-no-worker-pool: no worker ever; status NOT_READY. */
    noWorker: NamedRef;
    /** seed-paused-pool: paused; status PAUSED. */
    paused: NamedRef;
    /** seed-worker-pool: one ONLINE worker (heartbeat interval 1 h); status READY; pool concurrency limit 5. */
    withWorker: NamedRef;
  };

  workQueues: {
    /** seed-paused-queue in seed-worker-pool, paused. */
    paused: NamedRef & { workPoolName: string };
    /** seed-limited-queue in seed-worker-pool, concurrency limit 3. */
    limited: NamedRef & { workPoolName: string; concurrencyLimit: number };
  };

  workers: {
    online: { name: string; workPoolName: string };
  };

  concurrencyLimits: {
    /** Global v2 limit seed-global-limit: 10, 0 active. */
    global: NamedRef & { limit: number; activeSlots: number };
    /** Global v2 limit seed-saturated-limit: 2 of 2 slots active (SATURATED). */
    saturated: NamedRef & { limit: number; activeSlots: number };
    /** Tag limit "seed-database" (v2 name "tag:seed-database"): 1 of 1 active (SATURATED). */
    tag: { id: string; tag: string; v2Name: string; limit: number; activeSlots: number };
    /** The deployment limit of deployments.saturated ("deployment:<id>"): 1 of 1 active (SATURATED). */
    deployment: NamedRef & { deploymentId: string; limit: number; activeSlots: number };
  };

  automations: {
    /** Reactive on prefect.flow-run.Failed, action do-nothing: it fired for flowRuns.failed. */
    onFailure: NamedRef & { expectedEvent: string };
    /** Expects "seed.never.happened": never matched any event. */
    neverFired: NamedRef & { expectedEvent: string };
  };

  /** Variables and their values (JSON). */
  variables: {
    config: NamedRef & { value: unknown };
    environment: NamedRef & { value: unknown };
    threshold: NamedRef & { value: unknown };
    regions: NamedRef & { value: unknown };
  };

  artifacts: {
    markdown: { id: string | null; key: string; type: 'markdown'; flowRunId: string };
    table: { id: string | null; key: string; type: 'table'; flowRunId: string };
  };

  blocks: {
    /** Secret block with a string value. */
    secret: SeedBlock;
    /** Secret block with a JSON (dict) value; NOT masked by the server's default read. */
    jsonSecret: SeedBlock;
    /** Slack webhook block (URL is a secret field). */
    webhook: SeedBlock;
  };

  events: {
    /** A custom event emitted by the seeder. */
    custom: { event: string; resourceId: string };
  };

  /** The stuck run's heartbeats, as emitted. */
  stuck: { lastHeartbeat: string; heartbeatIntervalSeconds: number; startedMinutesAgo: number };

  timings: { seedSeconds: number };
}
