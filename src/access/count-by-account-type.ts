/**
 * How many of `pks` are people and how many service accounts (`serviceAccounts` holds the service
 * accounts' pks). Walks the smaller of the two, so an application open to 50,000 users costs a look
 * at its few service accounts, not at every user.
 */
export function countByAccountType(
  pks: ReadonlySet<number>,
  serviceAccounts: ReadonlySet<number>,
): { people: number; serviceAccounts: number } {
  let accounts = 0;
  if (serviceAccounts.size <= pks.size) {
    for (const pk of serviceAccounts) if (pks.has(pk)) accounts += 1;
  } else {
    for (const pk of pks) if (serviceAccounts.has(pk)) accounts += 1;
  }
  return { people: pks.size - accounts, serviceAccounts: accounts };
}
