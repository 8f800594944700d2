import { hasAllModeBug } from "../access/index.js";
/**
 * What an authentik version looks like on the wire and how it decides access. Every version
 * difference the simulator imitates is named here, with the release that introduced it
 * (see SEMANTICS.md section 6), so handlers ask "does this version have X" instead of comparing
 * version strings.
 */
export interface VersionFeatures {
  /** 2025.8: groups carry `children`/`children_obj`. */
  groupChildren: boolean;
  /** 2025.12: `parents` (many) replaces `parent`/`parent_name`; group names are globally unique. */
  groupParents: boolean;
  /** 2025.12: page size defaults to the tenant's 20 and is capped at its 100 (before: 100, uncapped). */
  tenantPagination: boolean;
  /** 2026.5: `core_default_app_access` decides apps without enabled bindings. */
  defaultAppAccessFlag: boolean;
  /** 2026.5: `Application.meta_hide`. */
  applicationMetaHide: boolean;
  /** 2026.8: `Application.pbm_uuid`. */
  applicationPbmUuid: boolean;
  /** 2026.8: bindings carry `expires`/`expiring`, and an expired binding no longer counts. */
  expiringBindings: boolean;
  /**
   * 2025.8.0 to 2025.12.4: in `all` mode one passing group or user binding satisfied every group
   * and user binding (authentik #20430, fixed in 2025.12.5 and 2026.2.0).
   */
  allModeStaticBug: boolean;
}

export interface ParsedVersion {
  year: number;
  month: number;
  patch: number;
}

const versionPattern = /^(\d{4})\.(\d{1,2})(?:\.(\d+))?(?:-[0-9A-Za-z.]+)?$/;

/** "2026.5.6" → { 2026, 5, 6 }; a pre-release suffix ("-rc1") is ignored; null when malformed. */
export function parseVersion(version: string): ParsedVersion | null {
  const match = versionPattern.exec(version);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), patch: Number(match[3] ?? "0") };
}

/** True when `version` is at or after `year.month.patch`. A malformed version counts as newest. */
export function versionAtLeast(version: string, year: number, month: number, patch = 0): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return true;
  if (parsed.year !== year) return parsed.year > year;
  if (parsed.month !== month) return parsed.month > month;
  return parsed.patch >= patch;
}

export function resolveFeatures(version: string): VersionFeatures {
  return {
    groupChildren: versionAtLeast(version, 2025, 8),
    groupParents: versionAtLeast(version, 2025, 12),
    tenantPagination: versionAtLeast(version, 2025, 12),
    defaultAppAccessFlag: versionAtLeast(version, 2026, 5),
    applicationMetaHide: versionAtLeast(version, 2026, 5),
    applicationPbmUuid: versionAtLeast(version, 2026, 8),
    expiringBindings: versionAtLeast(version, 2026, 8),
    // One statement of the bug's range, shared with the model that reproduces it.
    allModeStaticBug: hasAllModeBug(version),
  };
}
