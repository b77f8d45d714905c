/**
 * Query-time synonyms: Prefect renamed or replaced several concepts between versions, and
 * users still ask with the old words (or common abbreviations). A query containing the
 * left side also searches for the right side, at a lower weight than the user's own words.
 */
const SYNONYMS: Array<[RegExp, string]> = [
  [/\bagents?\b/, 'worker work pool'],
  [/\b(flow )?storage blocks?\b|\bflow storage\b/, 'deployment storage pull step from_source'],
  [/\binfrastructure blocks?\b/, 'work pool base job template'],
  [/\b(kubernetesjob|dockercontainer|process infrastructure)\b/, 'work pool worker'],
  [/\bdeployment build\b|\bbuild_from_flow\b/, 'prefect deploy prefect.yaml'],
  [/\borion\b/, 'prefect server'],
  [/\bk8s\b/, 'kubernetes'],
  [/\bgoogle cloud\b/, 'gcp'],
  // A cloud service names its provider's integration package (prefect-aws, prefect-gcp, prefect-azure).
  [/\b(ecs|fargate|s3|eks|lambda|secrets manager)\b/, 'aws'],
  [/\b(cloud run|gke|gcs|bigquery|vertex ai)\b/, 'gcp'],
  [/\b(aci|azure container instances?|blob storage)\b/, 'azure'],
  [/\bcron\b/, 'schedule'],
  [/\b(env|environment) vars?\b|\benvironment variables?\b/, 'setting environment variable'],
  [/\bcommand line\b|\bterminal\b|\bcli\b/, 'cli command'],
  [/\balerts?\b/, 'notification automation'],
  [/\bsub-?flows?\b|\bchild flows?\b/, 'subflow nested flow'],
  [/\bself[- ]host(ed|ing)?\b/, 'self-hosted server'],
  [/\bdags?\b/, 'flow'],
  [/\bprefect 2\b/, 'migrate upgrade prefect 3'],
];

/** Extra words to search for, or '' when no synonym applies. */
export function synonymExpansion(query: string): string {
  const lower = query.toLowerCase();
  return SYNONYMS.filter(([pattern]) => pattern.test(lower))
    .map(([, words]) => words)
    .join(' ');
}
