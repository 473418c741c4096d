import { Agent, fetch, type RequestInit, type Response } from 'undici';
import {
  AddressRefusedError,
  checkedLookup,
  checkUrlShape,
  type AddressPolicy,
} from './webhook-address.ts';

/**
 * The HTTP client of webhook deliveries: undici's fetch over an Agent whose
 * sockets resolve names through the address policy (webhook-address.ts), so
 * a delivery connects only to an address just checked. The global fetch
 * cannot take such an Agent from another undici, hence undici's own fetch.
 * One Agent per policy, for the life of the process (its connections are kept
 * alive between deliveries to the same endpoint).
 */
const agents = new WeakMap<AddressPolicy, Agent>();

function agentFor(policy: AddressPolicy): Agent {
  let agent = agents.get(policy);
  if (!agent) {
    agent = new Agent({ connect: { lookup: checkedLookup(policy) } });
    agents.set(policy, agent);
  }
  return agent;
}

/** POSTs to an endpoint through the policy: refused before any connection when the URL is not allowed. */
export function postToEndpoint(
  url: string,
  init: Omit<RequestInit, 'dispatcher' | 'method'>,
  policy: AddressPolicy,
): Promise<Response> {
  checkUrlShape(url, policy);
  return fetch(url, { ...init, method: 'POST', redirect: 'manual', dispatcher: agentFor(policy) });
}

/** What a delivery that got no HTTP answer logs: refused, timeout or unreachable (no connection details). */
export function failureOf(error: unknown): 'refused' | 'timeout' | 'unreachable' {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof AddressRefusedError) return 'refused';
    const name = (cause as { name?: unknown }).name;
    const code = (cause as { code?: unknown }).code;
    if (name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  }
  return 'unreachable';
}
