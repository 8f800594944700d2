/** The checks that span rows: duplicates, unknown names, conflicting statements between tables. */

import { isUuid } from "./cell-conventions.js";
import { describeKnownNames } from "../text/index.js";
import { TABLE_SHAPES } from "./find-baseline-tables.js";
import type { BaselineAcceptance, BaselineBinding, BaselineGroup, BaselineUnboundApplication } from "./types.js";
import type { Report } from "./read-baseline-rows.js";

export function checkGroups(groups: readonly BaselineGroup[], report: Report): void {
  const byName = new Map<string, BaselineGroup>();
  const byPk = new Map<string, BaselineGroup>();
  for (const group of groups) {
    if (group.name !== "") {
      const first = byName.get(group.name);
      if (first) report(group.line, `duplicate group "${group.name}" in the groups table (first at line ${first.line})`);
      else byName.set(group.name, group);
    }
    if (isUuid(group.pk)) {
      const first = byPk.get(group.pk);
      if (first) {
        report(
          group.line,
          `duplicate group PK "${group.pk}" for group "${group.name}" (already the PK of group "${first.name}" at line ${first.line}; expected one PK per group)`,
        );
      } else {
        byPk.set(group.pk, group);
      }
    }
  }
  for (const group of groups) {
    for (const parent of group.parents) {
      if (parent !== group.name && !byName.has(parent)) {
        report(group.line, `unknown parent group "${parent}" of group "${group.name}" (expected a group of the groups table)`);
      }
    }
  }
}

export function checkBindings(bindings: readonly BaselineBinding[], groups: readonly BaselineGroup[], report: Report): void {
  const known = new Set(groups.map((group) => group.name).filter((name) => name !== ""));
  const knownGroups = (name: string): string =>
    known.size === 0
      ? `no groups table found; expected one with columns ${TABLE_SHAPES.groups.required.join(", ")}`
      : describeKnownNames(name, known);
  const byPk = new Map<string, BaselineBinding>();
  const bySlug = new Map<string, BaselineBinding>();
  const modeBySlug = new Map<string, BaselineBinding>();
  for (const binding of bindings) {
    const { target } = binding;
    if (target.kind === "group" && target.name !== "" && !known.has(target.name)) {
      report(binding.line, `unknown group "${target.name}" in the bindings table (${knownGroups(target.name)})`);
    }
    if (binding.bindingPk !== null) {
      const first = byPk.get(binding.bindingPk);
      if (first) {
        report(
          binding.line,
          `duplicate Binding PK "${binding.bindingPk}" (already used at line ${first.line}; expected one row per binding)`,
        );
      } else {
        byPk.set(binding.bindingPk, binding);
      }
    }
    if (binding.slug !== "" && binding.application !== "") {
      const first = bySlug.get(binding.slug);
      if (!first) {
        bySlug.set(binding.slug, binding);
      } else if (first.application !== binding.application) {
        report(
          binding.line,
          `app "${binding.slug}" is named "${binding.application}" here but "${first.application}" at line ${first.line} (expected one Application name per slug)`,
        );
      }
    }
    if (binding.slug !== "" && binding.policyEngineMode !== null) {
      const first = modeBySlug.get(binding.slug);
      if (!first) {
        modeBySlug.set(binding.slug, binding);
      } else if (first.policyEngineMode !== binding.policyEngineMode) {
        report(
          binding.line,
          `app "${binding.slug}" has policy engine mode "${binding.policyEngineMode}" here but "${first.policyEngineMode}" at line ${first.line} (expected one mode per app)`,
        );
      }
    }
  }
}

export function checkUnbound(unbound: readonly BaselineUnboundApplication[], bindings: readonly BaselineBinding[], report: Report): void {
  const boundLines = new Map<string, number[]>();
  for (const binding of bindings) {
    if (binding.slug === "") continue;
    const lines = boundLines.get(binding.slug) ?? [];
    lines.push(binding.line);
    boundLines.set(binding.slug, lines);
  }
  const bySlug = new Map<string, BaselineUnboundApplication>();
  for (const app of unbound) {
    if (app.slug === "") continue;
    const lines = boundLines.get(app.slug);
    if (lines) {
      const where = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(", ")}`;
      report(
        app.line,
        `app "${app.slug}" is in the unbound table and also in the bindings table at ${where} (expected an app in only one of them)`,
      );
    }
    const first = bySlug.get(app.slug);
    if (first) report(app.line, `duplicate app "${app.slug}" in the unbound table (first at line ${first.line})`);
    else bySlug.set(app.slug, app);
  }
}

export function checkAcceptances(acceptances: readonly BaselineAcceptance[], report: Report): void {
  const byFinding = new Map<string, BaselineAcceptance>();
  for (const acceptance of acceptances) {
    if (acceptance.finding === "") continue;
    const first = byFinding.get(acceptance.finding);
    if (first) report(acceptance.line, `the finding "${acceptance.finding}" is accepted twice (first at line ${first.line})`);
    else byFinding.set(acceptance.finding, acceptance);
  }
}
