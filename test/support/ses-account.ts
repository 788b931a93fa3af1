/** Changes the local SES account (`POST <ses>/_sim/account`: sandbox, rate, quota, verified identities). */
export function setSesAccount(sesUrl: string, change: unknown): Promise<Response> {
  return fetch(`${sesUrl}/_sim/account`, { method: 'POST', body: JSON.stringify(change) });
}
