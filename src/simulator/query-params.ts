/**
 * Reading query parameters the way Django does: `QueryDict.get` returns the **last** value of a
 * repeated key, and django-filter ignores a filter whose value is empty.
 */
export function lastParam(params: URLSearchParams, name: string): string | undefined {
  const all = params.getAll(name);
  return all.length === 0 ? undefined : all[all.length - 1];
}

/** A non-empty filter value, or undefined when the filter is absent or blank (then it is skipped). */
export function filterParam(params: URLSearchParams, name: string): string | undefined {
  const value = lastParam(params, name);
  return value === undefined || value === "" ? undefined : value;
}

/**
 * django-filter's BooleanWidget: "true"/"1" and "false"/"0" in any case; anything else means the
 * filter is not applied.
 */
export function booleanFilterParam(params: URLSearchParams, name: string): boolean | undefined {
  const value = lastParam(params, name)?.toLowerCase();
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}

/**
 * authentik's own switches (`include_users`, `superuser_full_list`, ...) compare
 * `str(value).lower() == "true"`, so only "true" (any case) turns them on; "1" does not.
 */
export function flagParam(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = lastParam(params, name);
  if (value === undefined) return fallback;
  return value.toLowerCase() === "true";
}
