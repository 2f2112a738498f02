import { createRandom } from './createRandom.js';
import { ROUTE_GROUPS, type FuzzRequest, type RouteGroup } from './FuzzRequest.js';
import { httpRouteBuilders, type RouteBuilder } from './httpRouteBuilders.js';
import { mutateRequest } from './mutateRequest.js';
import { oddRequestBuilders } from './oddRequestBuilders.js';
import { essentialRequests } from './essentialRequests.js';
import { upgradeBuilders } from './upgradeBuilders.js';

/** Every route group and how its requests are made. */
export const ROUTE_BUILDERS: Readonly<Record<RouteGroup, RouteBuilder>> = { ...httpRouteBuilders, ...oddRequestBuilders, ...upgradeBuilders };

/** Groups whose requests also get generic mutations (methods, headers, bodies). */
const MUTABLE = new Set<RouteGroup>(Object.keys(httpRouteBuilders) as RouteGroup[]);

export interface GenerateOptions {
  readonly seed: number;
  readonly count: number;
  /** Share of HTTP requests that also get a generic mutation. Default 0.35. */
  readonly mutationShare?: number;
}

/**
 * The fuzz plan for a seed: the essential requests first (see essentialRequests), then rounds in
 * which every route group gets one request, in a seeded order. Request `i` is the same for any `count > i`,
 * so a failure found in a long run can be sent again alone.
 */
export function generateRequests({ seed, count, mutationShare = 0.35 }: GenerateOptions): FuzzRequest[] {
  const random = createRandom(seed);
  const plan: FuzzRequest[] = [];
  const fixed = essentialRequests(random);
  let round: RouteGroup[] = [];
  for (let index = 0; index < count; index++) {
    const shape = fixed[index];
    if (shape) {
      plan.push({ ...shape.request, index, group: shape.group });
      continue;
    }
    if (round.length === 0) round = random.shuffle(ROUTE_GROUPS);
    const group = round.pop()!;
    let draft = ROUTE_BUILDERS[group].build(random, index);
    if (MUTABLE.has(group) && random.chance(mutationShare)) draft = mutateRequest(draft, random);
    plan.push({ ...draft, index, group });
  }
  return plan;
}
